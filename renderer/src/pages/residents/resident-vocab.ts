/** Suggestions for free-text resident fields (the schema stores text; these are just the usual answers). */
export const SUGGEST = {
  ethnicity: { zh: ['汉族', '回族', '满族', '蒙古族', '壮族', '藏族', '维吾尔族', '朝鲜族', '土家族', '苗族'], en: ['Han', 'Hui', 'Manchu', 'Mongol', 'Zhuang', 'Tibetan', 'Uyghur', 'Korean', 'Tujia', 'Miao'] },
  politicalStatus: { zh: ['中共党员', '中共预备党员', '共青团员', '民主党派', '群众'], en: ['CPC member', 'CPC probationary member', 'CYL member', 'Democratic party member', 'Masses'] },
  education: { zh: ['小学', '初中', '高中', '中专', '大专', '本科', '硕士', '博士', '无'], en: ['Primary', 'Junior middle', 'Senior middle', 'Vocational', 'College', 'Bachelor', 'Master', 'Doctorate', 'None'] },
  relationToHead: { zh: ['户主', '配偶', '子', '女', '父亲', '母亲', '孙子', '孙女', '兄弟姐妹', '其他'], en: ['Head', 'Spouse', 'Son', 'Daughter', 'Father', 'Mother', 'Grandson', 'Granddaughter', 'Sibling', 'Other'] },
  maritalStatus: { zh: ['未婚', '已婚', '离异', '丧偶'], en: ['Single', 'Married', 'Divorced', 'Widowed'] },
  health: { zh: ['健康', '一般', '慢性病', '重病'], en: ['Healthy', 'Fair', 'Chronic illness', 'Serious illness'] },
  medicalInsurance: { zh: ['城镇职工医保', '城乡居民医保', '无'], en: ['Employee medical insurance', 'Resident medical insurance', 'None'] },
  socialInsurance: { zh: ['城镇职工养老保险', '城乡居民养老保险', '无'], en: ['Employee pension', 'Resident pension', 'None'] },
  subsistence: { zh: ['否', '城市低保', '农村低保'], en: ['No', 'Urban allowance', 'Rural allowance'] },
} as const;
