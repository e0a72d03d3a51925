// The rule every text on screen must pass: it is a message of the page's catalogue (whose `{name}`
// values pass the rule in turn), or data (a camera's name, an id, a number, a time). A string
// written in a component instead of the catalogue fails, in either language.

import { CATALOGUES, type Locale } from "../../src/i18n";

const LETTER = /\p{L}/u;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A pattern per message that has words of its own ("{name} ({id})" has none: data decides). */
function patterns(locale: Locale): RegExp[] {
  return Object.values(CATALOGUES[locale])
    .filter((message) => LETTER.test(message.replace(/\{\w+\}/g, "")))
    .map((message) => new RegExp(`^${message.split(/\{\w+\}/).map(escape).join("(.+?)")}$`, "su"));
}

export interface TextChecker {
  /** Null when the text passes, else why not. */
  problem(text: string): string | null;
}

/** `data`: what the fixture holds (names, ids) and what Intl wrote (dates). */
export function textChecker(locale: Locale, data: readonly string[]): TextChecker {
  const messages = patterns(locale);
  const known = [...new Set(data.filter(Boolean))].sort((a, b) => b.length - a.length);
  const isData = (text: string) => !LETTER.test(known.reduce((rest, d) => rest.split(d).join(""), text));
  const passes = (text: string): boolean => {
    const s = text.trim();
    if (!s || isData(s)) return true;
    return messages.some((re) => {
      const m = re.exec(s);
      return m !== null && m.slice(1).every(passes);
    });
  };
  return { problem: (text) => (passes(text) ? null : `not in the ${locale} catalogue: ${JSON.stringify(text.trim())}`) };
}

const ATTRIBUTES = ["title", "aria-label", "alt", "placeholder"];

/** Every text node and every shown attribute under `root` that fails the check. */
export function problemsIn(root: Node, checker: TextChecker): string[] {
  const problems: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeType === 3) {
      const p = checker.problem(node.textContent ?? "");
      if (p) problems.push(p);
    } else if (node.nodeType === 1) {
      const el = node as Element;
      for (const name of ATTRIBUTES) {
        const value = el.getAttribute(name);
        const p = value === null ? null : checker.problem(value);
        if (p) problems.push(`${el.tagName.toLowerCase()}[${name}] ${p}`);
      }
      node.childNodes.forEach(walk);
    }
  };
  walk(root);
  return problems;
}
