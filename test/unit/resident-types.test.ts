import { describe, expect, it } from 'vitest';
import { ResidentInput, RecordInput } from '../../shared/contract/register-fields';
import { BatchEdit, RosterFilters } from '../../shared/contract/roster.contract';
import { RESIDENT_CLASS_LABELS } from '../../shared/domain/archive-types';
import { VOCABULARIES } from '../../shared/domain/coded-vocab';
import { RESIDENT_TYPE_LABELS } from '../../shared/domain/resident-types';

/**
 * A resident's type (户籍居民 / 非户籍居民 / 流动人口) is not a record's class (户籍居民档案 /
 * 非户籍居民档案 / 特殊情况居民档案). The roster once offered the record classes in its type filter and
 * batch edit: "特殊情况" was refused by the channel, and a 流动人口 showed as its raw code.
 */
describe('resident types: what the roster offers is what the register stores', () => {
  const offered = Object.keys(RESIDENT_TYPE_LABELS);

  it('every type the roster filter and batch edit offer is accepted by their channels and by the resident form', () => {
    for (const type of offered) {
      expect(BatchEdit.safeParse({ residentIds: ['r1'], residentType: type }).success, type).toBe(true);
      expect(RosterFilters.safeParse({ residentTypes: [type] }).success, type).toBe(true);
      expect(ResidentInput.shape.residentType.safeParse(type).success, type).toBe(true);
    }
    expect(RosterFilters.safeParse({ residentTypes: offered }).success).toBe(true);
    expect(RESIDENT_TYPE_LABELS.floating.zh).toBe('流动人口');
  });

  it("the importer's vocabulary is the same list, and a record's class stays a separate one with 特殊情况", () => {
    expect(VOCABULARIES.residentType.options.map((o) => o.value)).toEqual(offered);
    expect(Object.keys(RESIDENT_CLASS_LABELS)).toEqual(['registered', 'unregistered', 'special']);
    expect(BatchEdit.safeParse({ residentIds: ['r1'], residentType: 'special' }).success).toBe(false);
    expect(RecordInput.shape.residentClass.safeParse('special').success).toBe(true);
  });

  it('a batch may move to a grid alone, and still refuses an empty one', () => {
    expect(BatchEdit.safeParse({ residentIds: ['r1'], gridId: 'g1' }).success).toBe(true);
    expect(BatchEdit.safeParse({ residentIds: ['r1'] }).success).toBe(false);
  });
});
