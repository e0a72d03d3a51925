import { useI18n, useSetLocale } from "../i18n/context";
import { LOCALES } from "../i18n";

/** 中文 | English: the page's language, remembered in this browser. */
export function LocaleSwitch() {
  const { t, locale } = useI18n();
  const setLocale = useSetLocale();
  return (
    <div class="locale-switch" role="group" aria-label={t("locale.label")} data-testid="locale-switch">
      {LOCALES.map((l) => (
        <button
          key={l}
          type="button"
          class={`locale-switch__option${l === locale ? " locale-switch__option--current" : ""}`}
          aria-pressed={l === locale}
          lang={l}
          data-locale={l}
          onClick={() => setLocale(l)}
        >
          {t(`locale.${l}`)}
        </button>
      ))}
    </div>
  );
}
