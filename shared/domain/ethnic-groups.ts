/**
 * The 56 ethnic groups of GB/T 3304-1991 in code order, plus its codes 97 (其他) and 98
 * (外国血统中国籍人士). The Chinese name is what the register stores.
 */
export const ETHNIC_GROUPS: readonly { zh: string; en: string }[] = [
  { zh: '汉族', en: 'Han' }, { zh: '蒙古族', en: 'Mongol' }, { zh: '回族', en: 'Hui' }, { zh: '藏族', en: 'Tibetan' },
  { zh: '维吾尔族', en: 'Uyghur' }, { zh: '苗族', en: 'Miao' }, { zh: '彝族', en: 'Yi' }, { zh: '壮族', en: 'Zhuang' },
  { zh: '布依族', en: 'Buyei' }, { zh: '朝鲜族', en: 'Korean' }, { zh: '满族', en: 'Manchu' }, { zh: '侗族', en: 'Dong' },
  { zh: '瑶族', en: 'Yao' }, { zh: '白族', en: 'Bai' }, { zh: '土家族', en: 'Tujia' }, { zh: '哈尼族', en: 'Hani' },
  { zh: '哈萨克族', en: 'Kazakh' }, { zh: '傣族', en: 'Dai' }, { zh: '黎族', en: 'Li' }, { zh: '傈僳族', en: 'Lisu' },
  { zh: '佤族', en: 'Va' }, { zh: '畲族', en: 'She' }, { zh: '高山族', en: 'Gaoshan' }, { zh: '拉祜族', en: 'Lahu' },
  { zh: '水族', en: 'Sui' }, { zh: '东乡族', en: 'Dongxiang' }, { zh: '纳西族', en: 'Naxi' }, { zh: '景颇族', en: 'Jingpo' },
  { zh: '柯尔克孜族', en: 'Kyrgyz' }, { zh: '土族', en: 'Tu' }, { zh: '达斡尔族', en: 'Daur' }, { zh: '仫佬族', en: 'Mulao' },
  { zh: '羌族', en: 'Qiang' }, { zh: '布朗族', en: 'Blang' }, { zh: '撒拉族', en: 'Salar' }, { zh: '毛南族', en: 'Maonan' },
  { zh: '仡佬族', en: 'Gelao' }, { zh: '锡伯族', en: 'Xibe' }, { zh: '阿昌族', en: 'Achang' }, { zh: '普米族', en: 'Pumi' },
  { zh: '塔吉克族', en: 'Tajik' }, { zh: '怒族', en: 'Nu' }, { zh: '乌孜别克族', en: 'Uzbek' }, { zh: '俄罗斯族', en: 'Russian' },
  { zh: '鄂温克族', en: 'Evenki' }, { zh: '德昂族', en: 'Deang' }, { zh: '保安族', en: 'Bonan' }, { zh: '裕固族', en: 'Yugur' },
  { zh: '京族', en: 'Gin' }, { zh: '塔塔尔族', en: 'Tatar' }, { zh: '独龙族', en: 'Derung' }, { zh: '鄂伦春族', en: 'Oroqen' },
  { zh: '赫哲族', en: 'Hezhen' }, { zh: '门巴族', en: 'Monba' }, { zh: '珞巴族', en: 'Lhoba' }, { zh: '基诺族', en: 'Jino' },
  { zh: '其他', en: 'Other (unrecognised)' }, { zh: '外国血统中国籍人士', en: 'Naturalised, of foreign origin' },
];

/**
 * Short forms offices write that name exactly one group. "哈族" is not here on purpose: it is
 * used for both 哈萨克族 and 哈尼族.
 */
export const ETHNIC_SHORT_FORMS: Record<string, string> = {
  蒙族: '蒙古族', 维族: '维吾尔族', 鲜族: '朝鲜族', 其它: '其他', 外国血统: '外国血统中国籍人士',
  tibet: '藏族', uighur: '维吾尔族', uygur: '维吾尔族', mongolian: '蒙古族', kazak: '哈萨克族', kirgiz: '柯尔克孜族', ewenki: '鄂温克族',
};
