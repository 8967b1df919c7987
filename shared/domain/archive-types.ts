/** Vocabulary of archive records (domain.md, Archives). Codes are stored; labels are shown. */
export const CARRIERS = ['paper', 'electronic', 'both'] as const;
export type Carrier = (typeof CARRIERS)[number];
export const CARRIER_LABELS: Record<Carrier, { zh: string; en: string }> = {
  paper: { zh: '纸质', en: 'Paper' },
  electronic: { zh: '电子', en: 'Electronic' },
  both: { zh: '纸质+电子', en: 'Paper + electronic' },
};

export const RECORD_STATUSES = ['in', 'on_loan', 'on_hold', 'pending_destruction', 'destroyed'] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];
export const RECORD_STATUS_LABELS: Record<RecordStatus, { zh: string; en: string }> = {
  in: { zh: '在库', en: 'In place' },
  on_loan: { zh: '借出', en: 'On loan' },
  on_hold: { zh: '冻结', en: 'On hold' },
  pending_destruction: { zh: '待销毁', en: 'Pending destruction' },
  destroyed: { zh: '已销毁', en: 'Destroyed' },
};

/** Retention classes: Y = permanent, D30/D10 = fixed terms; CUSTOM carries its own years. */
export const RETENTION_CLASSES = ['Y', 'D30', 'D10', 'CUSTOM'] as const;
export type RetentionClass = (typeof RETENTION_CLASSES)[number];
export const RETENTION_LABELS: Record<RetentionClass, { zh: string; en: string }> = {
  Y: { zh: '永久', en: 'Permanent' },
  D30: { zh: '定期30年', en: '30 years' },
  D10: { zh: '定期10年', en: '10 years' },
  CUSTOM: { zh: '自定义年限', en: 'Custom years' },
};

/**
 * Records classified by resident type (domain.md, Archives). A record's class, not a person's type:
 * residents are 户籍 / 非户籍 / 流动人口 (resident-types.ts), their records' classes differ.
 */
export const RESIDENT_CLASSES = ['registered', 'unregistered', 'special'] as const;
export type ResidentClass = (typeof RESIDENT_CLASSES)[number];
export const RESIDENT_CLASS_LABELS: Record<ResidentClass, { zh: string; en: string }> = {
  registered: { zh: '户籍居民档案', en: 'Registered residents' },
  unregistered: { zh: '非户籍居民档案', en: 'Non-registered residents' },
  special: { zh: '特殊情况居民档案', en: 'Special-circumstance residents' },
};

export const CONTENT_CATEGORIES = ['basic', 'living', 'social', 'complaint', 'service'] as const;
export type ContentCategory = (typeof CONTENT_CATEGORIES)[number];
export const CONTENT_LABELS: Record<ContentCategory, { zh: string; en: string }> = {
  basic: { zh: '基本信息', en: 'Basic information' },
  living: { zh: '生活状况', en: 'Living conditions' },
  social: { zh: '社会活动', en: 'Social activities' },
  complaint: { zh: '投诉建议', en: 'Complaints and suggestions' },
  service: { zh: '服务办理', en: 'Services' },
};

export const SENSITIVITIES = ['public', 'internal', 'sensitive'] as const;
export type Sensitivity = (typeof SENSITIVITIES)[number];
export const SENSITIVITY_LABELS: Record<Sensitivity, { zh: string; en: string }> = {
  public: { zh: '公开', en: 'Public' },
  internal: { zh: '内部', en: 'Internal' },
  sensitive: { zh: '敏感', en: 'Sensitive' },
};
