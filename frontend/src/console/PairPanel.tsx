import { useEffect, useState } from "preact/hooks";
import { ApiError, errorText, type WallInfo } from "../api";
import { listWalls, pairDisplay } from "../auth/api";
import { Field } from "../common/Field";
import { useI18n } from "../i18n/context";

/** Paired with the wall's name, or what failed. */
type Outcome = { ok: true; wallName: string } | { ok: false; error: unknown };

/** Admins bind the display showing a code to a wall. */
export function PairPanel() {
  const { t } = useI18n();
  const [walls, setWalls] = useState<WallInfo[]>([]);
  const [wallId, setWallId] = useState("");
  const [code, setCode] = useState("");
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  useEffect(() => {
    listWalls().then(
      (list) => {
        setWalls(list);
        setWallId((id) => id || list[0]?.id || "");
      },
      (error) => setOutcome({ ok: false, error }),
    );
  }, []);

  const submit = async (e: Event) => {
    e.preventDefault();
    setPending(true);
    setOutcome(null);
    try {
      await pairDisplay(wallId, code.trim());
      setOutcome({ ok: true, wallName: walls.find((w) => w.id === wallId)?.name ?? wallId });
      setCode("");
    } catch (error) {
      setOutcome({ ok: false, error });
    } finally {
      setPending(false);
    }
  };

  return (
    <form class="pair-panel" onSubmit={submit} data-testid="pair-panel" aria-labelledby="pair-title">
      <h3 class="pair-panel__title" id="pair-title">{t("pair.title")}</h3>
      <Field id="pair-wall" label={t("pair.wall")}>
        <select id="pair-wall" class="input" value={wallId} onChange={(e) => setWallId(e.currentTarget.value)} required>
          {walls.map((w) => (
            <option key={w.id} value={w.id}>
              {t("pair.wallOption", { name: w.name, id: w.id })}
            </option>
          ))}
        </select>
      </Field>
      <Field id="pair-code" label={t("pair.code")}>
        <input id="pair-code" class="input input--code" value={code} required maxLength={16}
          autoComplete="off" spellcheck={false} autoCapitalize="characters"
          onInput={(e) => setCode(e.currentTarget.value.toUpperCase())} />
      </Field>
      <button class="btn btn--primary" type="submit" disabled={pending || !wallId}>
        {pending ? t("pair.pending") : t("pair.submit")}
      </button>
      {outcome && (
        <p class={outcome.ok ? "form-success" : "form-error"} role={outcome.ok ? "status" : "alert"} data-testid="pair-outcome">
          {outcome.ok ? t("pair.done", { name: outcome.wallName }) : failureText(outcome.error, t)}
        </p>
      )}
    </form>
  );
}

/** A 404 is a code no display shows (or one that expired), said in the page's language. */
function failureText(error: unknown, t: Parameters<typeof errorText>[1]): string {
  return error instanceof ApiError && error.status === 404 ? t("pair.unknownCode") : errorText(error, t);
}
