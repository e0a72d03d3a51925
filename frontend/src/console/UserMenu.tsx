import { useState } from "preact/hooks";
import { errorText } from "../api";
import type { Me } from "../auth/api";
import type { Role } from "../api/types";
import { useI18n } from "../i18n/context";

interface Props {
  me: Me;
  /** Resolves to null once logged out, else to what failed. */
  onSignOut: () => Promise<unknown>;
}

const ROLES: ReadonlySet<string> = new Set<Role>(["admin", "supervisor", "dispatcher", "viewer", "wall"]);

/** Who is logged in, and the way out. */
export function UserMenu({ me, onSignOut }: Props) {
  const { t } = useI18n();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
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
      <span class="user__role">{ROLES.has(me.role) ? t(`role.${me.role as Role}`) : me.role}</span>
      <button type="button" class="btn" onClick={signOut} disabled={pending}>
        {t("user.logout")}
      </button>
      {error != null && <span class="form-error" role="alert">{errorText(error, t)}</span>}
    </div>
  );
}
