import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { auditI18n } from './areas/audit';
import { categoriesI18n } from './areas/categories';
import { dataI18n } from './areas/data';
import { destructionI18n } from './areas/destruction';
import { homeI18n } from './areas/home';
import { lendingI18n } from './areas/lending';
import { lifeI18n } from './areas/life';
import { lookupsI18n } from './areas/lookups';
import { printingI18n } from './areas/printing';
import { registerI18n } from './areas/register';
import { retentionI18n } from './areas/retention';
import { rosterI18n } from './areas/roster';
import { en } from './en';
import { zhCN } from './zh-CN';

/** Per-area message files (renderer/src/i18n/areas/*.ts): { zh, en } objects, namespaced by area. */
type AreaMessages = { zh: Record<string, unknown>; en: Record<string, unknown> };
const AREAS: Record<string, AreaMessages> = {
  // 'auditTrail', not 'audit': the base audit.* keys stay in zh-CN.ts / en.ts.
  auditTrail: auditI18n,
  register: registerI18n,
  categories: categoriesI18n,
  retention: retentionI18n,
  destruction: destructionI18n,
  home: homeI18n,
  lending: lendingI18n,
  printing: printingI18n,
  lookups: lookupsI18n,
  data: dataI18n,
  life: lifeI18n,
  roster: rosterI18n,
};

function merged(lang: 'zh' | 'en'): Record<string, unknown> {
  const base: Record<string, unknown> = { ...(lang === 'zh' ? zhCN : en) };
  for (const [area, m] of Object.entries(AREAS)) base[area] = m[lang];
  return base;
}

const saved = localStorage.getItem('archive-lang');

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: merged('zh') }, en: { translation: merged('en') } },
  lng: saved === 'en' ? 'en' : 'zh-CN',
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
});

export function setLanguage(lng: 'zh-CN' | 'en'): void {
  localStorage.setItem('archive-lang', lng);
  document.documentElement.lang = lng;
  void i18n.changeLanguage(lng);
}

export default i18n;
