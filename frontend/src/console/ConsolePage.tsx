import "../styles/console.css";
import { useEffect } from "preact/hooks";
import { errorText } from "../api";
import { LoginForm } from "../auth/LoginForm";
import { useSession } from "../auth/useSession";
import { LocaleSwitch } from "../common/LocaleSwitch";
import { useI18n } from "../i18n/context";
import { Console } from "./Console";

/** The console once logged in; the login form until then and whenever a call answers 401. */
export function ConsolePage() {
  const { session, signedIn, signOut } = useSession();
  const { t } = useI18n();
  const loginTitle = t("console.loginTitle");
  useEffect(() => {
    if (session.kind !== "signed-in") document.title = loginTitle;
  }, [session.kind, loginTitle]);

  if (session.kind === "signed-in") return <Console me={session.me} onSignOut={signOut} />;
  return (
    <div class="auth-page">
      <div class="auth-page__bar">
        <LocaleSwitch />
      </div>
      <h1 class="auth-page__title">{t("console.title")}</h1>
      {session.kind === "anonymous" ? (
        <LoginForm notice={session.notice} onSignedIn={signedIn} />
      ) : session.kind === "unreachable" ? (
        <p class="form-error" role="alert">{t("error.retrying", { error: errorText(session.error, t) })}</p>
      ) : (
        <p class="muted">{t("console.checkingLogin")}</p>
      )}
    </div>
  );
}
