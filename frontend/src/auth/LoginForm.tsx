import { useRef, useState } from "preact/hooks";
import { Field } from "../common/Field";
import { errorText } from "../api";
import { login, type Me } from "./api";

interface Props {
  /** Why the form is shown again (the login expired), if it is. */
  notice: string | null;
  onSignedIn: (me: Me) => void;
}

export function LoginForm({ notice, onSignedIn }: Props) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const passwordInput = useRef<HTMLInputElement>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    setPending(true);
    setError(null);
    try {
      onSignedIn(await login(username.trim(), password));
    } catch (err) {
      setError(errorText(err));
      setPassword("");
      setPending(false);
      passwordInput.current?.focus();
    }
  };

  return (
    <form class="auth-form" onSubmit={submit} data-testid="login-form">
      <h2 class="auth-form__title">Log in</h2>
      {notice && <p class="form-notice" role="status">{notice}</p>}
      <Field id="login-username" label="User name">
        <input id="login-username" class="input" autoComplete="username" autoFocus required
          value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
      </Field>
      <Field id="login-password" label="Password">
        <input id="login-password" class="input" type="password" autoComplete="current-password" required
          ref={passwordInput} value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
      </Field>
      {error && <p class="form-error" role="alert" data-testid="login-error">{error}</p>}
      <button class="btn btn--primary" type="submit" disabled={pending}>
        {pending ? "Logging in…" : "Log in"}
      </button>
    </form>
  );
}
