import { useEffect, useState } from "preact/hooks";
import { errorText, type WallInfo } from "../api";
import { listWalls, pairDisplay } from "../auth/api";
import { Field } from "../common/Field";

type Outcome = { ok: boolean; text: string };

/** Admins bind the display showing a code to a wall. */
export function PairPanel() {
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
      (err) => setOutcome({ ok: false, text: errorText(err) }),
    );
  }, []);

  const submit = async (e: Event) => {
    e.preventDefault();
    setPending(true);
    setOutcome(null);
    try {
      await pairDisplay(wallId, code.trim());
      const name = walls.find((w) => w.id === wallId)?.name ?? wallId;
      setOutcome({ ok: true, text: `Paired: the display now shows “${name}”.` });
      setCode("");
    } catch (err) {
      setOutcome({ ok: false, text: errorText(err) });
    } finally {
      setPending(false);
    }
  };

  return (
    <form class="pair-panel" onSubmit={submit} data-testid="pair-panel" aria-labelledby="pair-title">
      <h3 class="pair-panel__title" id="pair-title">Pair a display</h3>
      <Field id="pair-wall" label="Wall">
        <select id="pair-wall" class="input" value={wallId} onChange={(e) => setWallId(e.currentTarget.value)} required>
          {walls.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name} ({w.id})
            </option>
          ))}
        </select>
      </Field>
      <Field id="pair-code" label="Code shown on the display">
        <input id="pair-code" class="input input--code" value={code} required maxLength={16}
          autoComplete="off" spellcheck={false} autoCapitalize="characters"
          onInput={(e) => setCode(e.currentTarget.value.toUpperCase())} />
      </Field>
      <button class="btn btn--primary" type="submit" disabled={pending || !wallId}>
        {pending ? "Pairing…" : "Pair"}
      </button>
      {outcome && (
        <p class={outcome.ok ? "form-success" : "form-error"} role={outcome.ok ? "status" : "alert"} data-testid="pair-outcome">
          {outcome.text}
        </p>
      )}
    </form>
  );
}
