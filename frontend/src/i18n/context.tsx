import { createContext, type ComponentChildren } from "preact";
import { useContext, useEffect, useMemo, useState } from "preact/hooks";
import { DEFAULT_LOCALE, loadLocale, makeI18n, saveLocale, type I18n, type Locale } from ".";

interface I18nValue {
  i18n: I18n;
  setLocale: (locale: Locale) => void;
}

const I18nContext = createContext<I18nValue>({ i18n: makeI18n(DEFAULT_LOCALE), setLocale: () => {} });

/** The page's language, for every component under it; switching re-renders them all. */
export function I18nProvider({ initial, children }: { initial?: Locale; children: ComponentChildren }) {
  const [locale, setLocaleState] = useState<Locale>(() => initial ?? loadLocale());
  const value = useMemo<I18nValue>(
    () => ({
      i18n: makeI18n(locale),
      setLocale: (next) => {
        saveLocale(next);
        setLocaleState(next);
      },
    }),
    [locale],
  );
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext).i18n;
}

export function useSetLocale(): (locale: Locale) => void {
  return useContext(I18nContext).setLocale;
}
