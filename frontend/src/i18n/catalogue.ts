// The message catalogue's types: zh-CN.ts defines the keys, and each message's `{name}`s are the
// values `t` must be given, checked by TypeScript at every call.

import { zhCN } from "./messages/zh-CN";

export type MessageKey = keyof typeof zhCN;

/** What every locale's catalogue is: a message for each key, no more, no fewer. */
export type Catalogue = { readonly [K in MessageKey]: string };

/** "{user} at {time}" -> "user" | "time". */
export type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}` ? P | Placeholders<Rest> : never;

/** The values a message needs; numbers are written in the locale's form. */
export type Params<K extends MessageKey> = Record<Placeholders<(typeof zhCN)[K]>, string | number>;

/** `t("wall.online")`, `t("wall.titleOf", { id })`: the values are required exactly when the message has some. */
export type ParamsArg<K extends MessageKey> = [Placeholders<(typeof zhCN)[K]>] extends [never] ? [] : [params: Params<K>];

/** Messages chosen by count: `base.one` and `base.other`. */
export type PluralBase = MessageKey extends infer K ? (K extends `${infer B}.one` ? B : never) : never;

/** The `{name}`s of a message, in order. */
export function placeholdersOf(message: string): string[] {
  return [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
}

/** The message with its `{name}`s replaced; a name without a value stays as it is. */
export function fill(message: string, params: Readonly<Record<string, string>>): string {
  return message.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? params[name]! : whole));
}
