import { useEffect } from "preact/hooks";
import { LoginForm } from "../auth/LoginForm";
import { useSession } from "../auth/useSession";
import { Console } from "./Console";

/** The console once logged in; the login form until then and whenever a call answers 401. */
export function ConsolePage() {
  const { session, signedIn, signOut } = useSession();
  useEffect(() => {
    if (session.kind !== "signed-in") document.title = "Log in · Dispatch console";
  }, [session.kind]);

  if (session.kind === "signed-in") return <Console me={session.me} onSignOut={signOut} />;
  return (
    <div class="auth-page">
      <h1 class="auth-page__title">Dispatch console</h1>
      {session.kind === "anonymous" ? (
        <LoginForm notice={session.notice} onSignedIn={signedIn} />
      ) : session.kind === "unreachable" ? (
        <p class="form-error" role="alert">{session.error}: trying again…</p>
      ) : (
        <p class="muted">Checking your login…</p>
      )}
    </div>
  );
}
