import { useRef, useState } from "preact/hooks";
import { ApiError, errorText } from "../api";
import { Field } from "../common/Field";
import { useI18n } from "../i18n/context";
import { login, type Me } from "./api";
import type { Notice } from "./session";

interface Props {
  /** Why the form is shown again (the login expired), if it is. */
  notice: Notice | null;
  onSignedIn: (me: Me) => void;
}

export function LoginForm({ notice, onSignedIn }: Props) {
  const { t } = useI18n();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [pending, setPending] = useState(false);
  /** The refusal: a 401 is a wrong name or password, said in the page's language. */
  const [error, setError] = useState<unknown>(null);
  const passwordInput = useRef<HTMLInputElement>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    setPending(true);
    setError(null);
    try {
      onSignedIn(await login(username.trim(), password));
    } catch (err) {
      setError(err);
      setPassword("");
      setPending(false);
      passwordInput.current?.focus();
    }
  };

  const wrong = error instanceof ApiError && error.status === 401;
  return (
    <form class="auth-form" onSubmit={submit} data-testid="login-form">
      <h2 class="auth-form__title">{t("login.title")}</h2>
      {notice === "expired" && <p class="form-notice" role="status">{t("login.expired")}</p>}
      <Field id="login-username" label={t("login.username")}>
        <input id="login-username" class="input" autoComplete="username" autoFocus required
          value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
      </Field>
      <Field id="login-password" label={t("login.password")}>
        <input id="login-password" class="input" type="password" autoComplete="current-password" required
          ref={passwordInput} value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
      </Field>
      {error != null && (
        <p class="form-error" role="alert" data-testid="login-error">
          {wrong ? t("login.wrong") : errorText(error, t)}
        </p>
      )}
      <button class="btn btn--primary" type="submit" disabled={pending}>
        {pending ? t("login.pending") : t("login.submit")}
      </button>
    </form>
  );
}
