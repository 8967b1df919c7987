import { describe, expect, it } from 'vitest';
import { CODED_COLUMNS, codedLabel, codedOptions, isCodedColumn, isOpenVocabulary, normaliseCoded, type CodedColumn } from '../../shared/domain/coded-values';
import { ETHNIC_GROUPS } from '../../shared/domain/ethnic-groups';
import { SUGGEST } from '../../renderer/src/pages/residents/resident-vocab';

/** [column, as written in a sheet, stored value] */
const MATCH: [CodedColumn, string, string][] = [
  ['gender', '男', 'male'],
  ['gender', '女', 'female'],
  ['gender', '男性', 'male'],
  ['gender', '女性', 'female'],
  ['gender', ' 男 ', 'male'],
  ['gender', 'M', 'male'],
  ['gender', 'f', 'female'],
  ['gender', 'Female', 'female'],
  ['gender', 'male', 'male'],
  ['residenceType', '自有', 'own'],
  ['residenceType', '自有住房', 'own'],
  ['residenceType', '自有房', 'own'],
  ['residenceType', '自有房屋', 'own'],
  ['residenceType', '自住', 'own'],
  ['residenceType', '自购', 'own'],
  ['residenceType', '自 有', 'own'],
  ['residenceType', 'own', 'own'],
  ['residenceType', 'OWN', 'own'],
  ['residenceType', '租住', 'rented'],
  ['residenceType', '租赁', 'rented'],
  ['residenceType', '租赁住房', 'rented'],
  ['residenceType', '租房', 'rented'],
  ['residenceType', '出租房', 'rented'],
  ['residenceType', '租住户', 'rented'],
  ['residenceType', 'rented', 'rented'],
  ['residenceType', '其他', 'other'],
  ['residenceType', '其它', 'other'],
  ['residentType', '户籍居民', 'registered'],
  ['residentType', '户籍', 'registered'],
  ['residentType', '户籍人口', 'registered'],
  ['residentType', '户籍人员', 'registered'],
  ['residentType', '非户籍居民', 'unregistered'],
  ['residentType', '非户籍', 'unregistered'],
  ['residentType', '非户籍人员', 'unregistered'],
  ['residentType', '流动人口', 'floating'],
  ['residentType', '流动人员', 'floating'],
  ['residentType', '流动', 'floating'],
  ['residentType', '流动户', 'floating'],
  ['ethnicity', '汉族', '汉族'],
  ['ethnicity', '汉', '汉族'],
  ['ethnicity', '回', '回族'],
  ['ethnicity', '维吾尔', '维吾尔族'],
  ['ethnicity', '维族', '维吾尔族'],
  ['ethnicity', '蒙古', '蒙古族'],
  ['ethnicity', '蒙族', '蒙古族'],
  ['ethnicity', '朝鲜族', '朝鲜族'],
  ['ethnicity', '鲜族', '朝鲜族'],
  ['ethnicity', '土家', '土家族'],
  ['ethnicity', 'Han', '汉族'],
  ['ethnicity', 'manchu', '满族'],
  ['ethnicity', '满 族', '满族'],
  ['ethnicity', '其它', '其他'],
  ['politicalStatus', '中共党员', '中共党员'],
  ['politicalStatus', '党员', '中共党员'],
  ['politicalStatus', '共产党员', '中共党员'],
  ['politicalStatus', '中国共产党党员', '中共党员'],
  ['politicalStatus', '预备党员', '中共预备党员'],
  ['politicalStatus', '中共预备党员', '中共预备党员'],
  ['politicalStatus', '团员', '共青团员'],
  ['politicalStatus', '共青团员', '共青团员'],
  ['politicalStatus', '群众', '群众'],
  ['politicalStatus', '普通群众', '群众'],
  ['politicalStatus', '民盟', '民盟盟员'],
  ['politicalStatus', '九三学社', '九三学社社员'],
  ['politicalStatus', '无党派', '无党派人士'],
  ['politicalStatus', '民主党派', '民主党派'],
  ['politicalStatus', 'CPC member', '中共党员'],
  ['education', '小学', '小学'],
  ['education', '小学文化', '小学'],
  ['education', '初中', '初中'],
  ['education', '初中毕业', '初中'],
  ['education', '初级中学', '初中'],
  ['education', '高中', '高中'],
  ['education', '高中学历', '高中'],
  ['education', '普通高中', '高中'],
  ['education', '中专', '中专'],
  ['education', '技校', '中专'],
  ['education', '职高', '中专'],
  ['education', '大专', '大专'],
  ['education', '大学专科', '大专'],
  ['education', '专科', '大专'],
  ['education', '本科', '本科'],
  ['education', '大学本科', '本科'],
  ['education', '本科学历', '本科'],
  ['education', '硕士', '硕士'],
  ['education', '硕士研究生', '硕士'],
  ['education', '博士', '博士'],
  ['education', '博士研究生', '博士'],
  ['education', '文盲', '无'],
  ['education', '无', '无'],
  ['maritalStatus', '未婚', '未婚'],
  ['maritalStatus', '已婚', '已婚'],
  ['maritalStatus', '初婚', '已婚'],
  ['maritalStatus', '再婚', '已婚'],
  ['maritalStatus', '离婚', '离异'],
  ['maritalStatus', '离异', '离异'],
  ['maritalStatus', '丧偶', '丧偶'],
  ['maritalStatus', 'Married', '已婚'],
  ['relationToHead', '户主', '户主'],
  ['relationToHead', '本人', '户主'],
  ['relationToHead', '妻子', '配偶'],
  ['relationToHead', '丈夫', '配偶'],
  ['relationToHead', '爱人', '配偶'],
  ['relationToHead', '儿子', '子'],
  ['relationToHead', '女儿', '女'],
  ['relationToHead', '父', '父亲'],
  ['relationToHead', 'Head', '户主'],
  ['health', '健康', '健康'],
  ['health', '良好', '健康'],
  ['health', '一般', '一般'],
  ['health', '有慢性病', '慢性病'],
  ['medicalInsurance', '是', '已参保'],
  ['medicalInsurance', '有', '已参保'],
  ['medicalInsurance', '√', '已参保'],
  ['medicalInsurance', '✓', '已参保'],
  ['medicalInsurance', 'Y', '已参保'],
  ['medicalInsurance', 'yes', '已参保'],
  ['medicalInsurance', '已参保', '已参保'],
  ['medicalInsurance', '否', '无'],
  ['medicalInsurance', '无', '无'],
  ['medicalInsurance', '×', '无'],
  ['medicalInsurance', 'N', '无'],
  ['medicalInsurance', '未参保', '无'],
  ['medicalInsurance', '职工医保', '城镇职工医保'],
  ['medicalInsurance', '城镇职工医保', '城镇职工医保'],
  ['medicalInsurance', '居民医保', '城乡居民医保'],
  ['medicalInsurance', '新农合', '城乡居民医保'],
  ['medicalInsurance', '城镇居民医保', '城乡居民医保'],
  ['socialInsurance', '是', '已参保'],
  ['socialInsurance', '√', '已参保'],
  ['socialInsurance', '无', '无'],
  ['socialInsurance', '否', '无'],
  ['socialInsurance', '×', '无'],
  ['socialInsurance', '职工养老', '城镇职工养老保险'],
  ['socialInsurance', '新农保', '城乡居民养老保险'],
  ['socialInsurance', '城乡居民养老保险', '城乡居民养老保险'],
  ['subsistence', '是', '是'],
  ['subsistence', '有', '是'],
  ['subsistence', '√', '是'],
  ['subsistence', '低保户', '是'],
  ['subsistence', '否', '否'],
  ['subsistence', '无', '否'],
  ['subsistence', '×', '否'],
  ['subsistence', 'n', '否'],
  ['subsistence', '城市低保', '城市低保'],
  ['subsistence', '城镇低保', '城市低保'],
  ['subsistence', '农村低保', '农村低保'],
];

/** Written in sheets, but with two meanings or none: must stay unknown, never become a guess. */
const NO_MATCH: [CodedColumn, string][] = [
  ['gender', '男女'],
  ['gender', '1'],
  ['gender', '未知'],
  ['gender', '性'],
  ['gender', '男生女'],
  ['residenceType', '公租房'],
  ['residenceType', '廉租房'],
  ['residenceType', '借住'],
  ['residenceType', '商品房'],
  ['residenceType', '住房'],
  ['residenceType', '宿舍'],
  ['residenceType', '自有住房户户'],
  ['residentType', '外来人口'],
  ['residentType', '常住'],
  ['residentType', '人员'],
  ['residentType', '户'],
  ['ethnicity', '哈族'],
  ['ethnicity', '穿青人'],
  ['ethnicity', '族'],
  ['ethnicity', '汉族族'],
  ['ethnicity', '中国'],
  ['ethnicity', '汉人'],
  ['politicalStatus', '无'],
  ['politicalStatus', '入党积极分子'],
  ['politicalStatus', '少先队员'],
  ['politicalStatus', '党员户'],
  ['politicalStatus', '民主'],
  ['education', '中学'],
  ['education', '大学'],
  ['education', '研究生'],
  ['education', '初中及以下'],
  ['education', '学龄前'],
  ['education', '博士后'],
  ['education', '大学文化'],
  ['maritalStatus', '单身'],
  ['maritalStatus', '分居'],
  ['maritalStatus', '未说明'],
  ['maritalStatus', '婚'],
  ['medicalInsurance', 'X'],
  ['medicalInsurance', 'x'],
  ['medicalInsurance', '0'],
  ['medicalInsurance', '1'],
  ['medicalInsurance', '-'],
  ['medicalInsurance', '商业保险'],
  ['medicalInsurance', '不详'],
  ['socialInsurance', 'X'],
  ['socialInsurance', '待定'],
  ['socialInsurance', '医保'],
  ['subsistence', 'X'],
  ['subsistence', '特困'],
  ['subsistence', '低保边缘'],
  ['relationToHead', '子女'],
  ['relationToHead', '儿媳'],
  ['relationToHead', '长子'],
];

describe('normaliseCoded: values as community offices write them', () => {
  it.each(MATCH)('%s "%s" → %s', (col, raw, want) => {
    expect(normaliseCoded(col, raw)).toEqual({ ok: true, value: want });
  });

  it.each(NO_MATCH)('%s "%s" stays unknown', (col, raw) => {
    expect(normaliseCoded(col, raw)).toEqual({ ok: false });
  });

  it('ignores width, ideographic spaces, zero-width spaces and case', () => {
    expect(normaliseCoded('gender', '\u3000男\u200b')).toEqual({ ok: true, value: 'male' });
    expect(normaliseCoded('residenceType', 'ＯＷＮ')).toEqual({ ok: true, value: 'own' });
    expect(normaliseCoded('medicalInsurance', 'Ｙ')).toEqual({ ok: true, value: '已参保' });
    expect(normaliseCoded('education', '本\u3000科')).toEqual({ ok: true, value: '本科' });
    expect(normaliseCoded('gender', '   ')).toEqual({ ok: false });
  });

  it('knows all 56 ethnic groups, with and without 族, plus 其他 and 外国血统中国籍人士', () => {
    const groups = ETHNIC_GROUPS.map((g) => g.zh);
    expect(new Set(groups).size).toBe(58);
    expect(codedOptions('ethnicity').map((o) => o.value)).toEqual(groups);
    for (const g of groups.slice(0, 56)) {
      expect(g.endsWith('族'), g).toBe(true);
      expect(normaliseCoded('ethnicity', g)).toEqual({ ok: true, value: g });
      expect(normaliseCoded('ethnicity', g.slice(0, -1)), g).toEqual({ ok: true, value: g });
    }
    expect(normaliseCoded('ethnicity', '外国血统')).toEqual({ ok: true, value: '外国血统中国籍人士' });
  });

  it('every option reads back as itself, by value, Chinese label and English label', () => {
    for (const col of CODED_COLUMNS) {
      for (const o of codedOptions(col)) {
        for (const w of [o.value, o.zh, o.en]) expect(normaliseCoded(col, w), `${col} ${w}`).toEqual({ ok: true, value: o.value });
        expect(codedLabel(col, o.value)).toBe(o.zh);
        expect(codedLabel(col, o.value, 'en')).toBe(o.en);
      }
    }
  });

  it('knows which columns are coded and which vocabularies are open (free text kept as written)', () => {
    expect(isCodedColumn('residenceType')).toBe(true);
    expect(isCodedColumn('notes')).toBe(false);
    expect(isCodedColumn('toString')).toBe(false);
    expect(CODED_COLUMNS.filter(isOpenVocabulary).sort()).toEqual(['health', 'relationToHead']);
  });

  it('the resident form offers exactly the importer canonical values', () => {
    for (const [field, opts] of Object.entries(SUGGEST)) {
      expect(isCodedColumn(field), field).toBe(true);
      expect(
        opts.map((o) => o.value),
        field,
      ).toEqual(codedOptions(field as CodedColumn).map((o) => o.value));
    }
    expect(Object.keys(SUGGEST).sort()).toEqual(CODED_COLUMNS.filter((c) => !['gender', 'residenceType', 'residentType'].includes(c)).sort());
  });
});
