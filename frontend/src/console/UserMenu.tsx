import { useState } from "preact/hooks";
import type { Me } from "../auth/api";

interface Props {
  me: Me;
  /** Resolves to null once logged out, else to why not. */
  onSignOut: () => Promise<string | null>;
}

/** Who is logged in, and the way out. */
export function UserMenu({ me, onSignOut }: Props) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const signOut = async () => {
    setPending(true);
    const why = await onSignOut();
    if (why !== null) {
      setError(why);
      setPending(false);
    }
  };
  return (
    <div class="user" data-testid="user">
      <span class="user__name" data-testid="user-name">{me.username}</span>
      <span class="user__role">{me.role}</span>
      <button type="button" class="btn" onClick={signOut} disabled={pending}>
        Log out
      </button>
      {error && <span class="form-error" role="alert">{error}</span>}
    </div>
  );
}
