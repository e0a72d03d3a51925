import type { ComponentChildren } from "preact";

/** A labelled form control: `id` is the control's id, `label` a catalogue message. */
export function Field({ id, label, children }: { id: string; label: string; children: ComponentChildren }) {
  return (
    <div class="field">
      <label class="field__label" for={id}>
        {label}
      </label>
      {children}
    </div>
  );
}
