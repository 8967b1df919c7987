import { describe, expect, it } from 'vitest';
import { checkSchedule, filesToPrune, type BackupFrequency } from '../../shared/domain/backup-schedule';
import { processZone } from '../helpers/process-zone';

/**
 * "Is the scheduled backup due / missed", run with TZ=UTC and TZ=Asia/Shanghai: only the archive's
 * zone may decide which day a backup belongs to.
 */
const SH = 'Asia/Shanghai';
const SINCE = '2026-11-01T00:00:00Z';

describe(`scheduled backup rule (process TZ=${processZone()})`, () => {
  const rows: [string, BackupFrequency, string | null, string, string, { due: boolean; missed: boolean; daysSince: number | null; nextDueDate: string }][] = [
    // name, frequency, last backup, now, archive zone, expected
    ['daily, made today', 'daily', '2026-12-02T02:00:00Z', '2026-12-02T09:00:00Z', SH, { due: false, missed: false, daysSince: 0, nextDueDate: '2026-12-03' }],
    [
      'daily, made yesterday: due, not missed',
      'daily',
      '2026-12-01T02:00:00Z',
      '2026-12-02T09:00:00Z',
      SH,
      { due: true, missed: false, daysSince: 1, nextDueDate: '2026-12-02' },
    ],
    [
      'daily, two days old: missed',
      'daily',
      '2026-11-30T02:00:00Z',
      '2026-12-02T09:00:00Z',
      SH,
      { due: true, missed: true, daysSince: 2, nextDueDate: '2026-12-01' },
    ],
    // 23:50 Shanghai on 1 Dec is 15:50 UTC; at 00:10 Shanghai on 2 Dec (16:10 UTC) it is yesterday's.
    [
      'daily, archive midnight passed (Shanghai)',
      'daily',
      '2026-12-01T15:50:00Z',
      '2026-12-01T16:10:00Z',
      SH,
      { due: true, missed: false, daysSince: 1, nextDueDate: '2026-12-02' },
    ],
    // The same instants in a UTC archive are the same day: not due.
    [
      'daily, same instants in a UTC archive',
      'daily',
      '2026-12-01T15:50:00Z',
      '2026-12-01T16:10:00Z',
      'UTC',
      { due: false, missed: false, daysSince: 0, nextDueDate: '2026-12-02' },
    ],
    ['weekly, six days', 'weekly', '2026-11-26T02:00:00Z', '2026-12-02T09:00:00Z', SH, { due: false, missed: false, daysSince: 6, nextDueDate: '2026-12-03' }],
    [
      'weekly, seven days: due',
      'weekly',
      '2026-11-25T02:00:00Z',
      '2026-12-02T09:00:00Z',
      SH,
      { due: true, missed: false, daysSince: 7, nextDueDate: '2026-12-02' },
    ],
    [
      'weekly, eight days: missed',
      'weekly',
      '2026-11-24T02:00:00Z',
      '2026-12-02T09:00:00Z',
      SH,
      { due: true, missed: true, daysSince: 8, nextDueDate: '2026-12-01' },
    ],
    [
      'never, schedule saved today: due, not missed',
      'daily',
      null,
      '2026-11-01T09:00:00Z',
      SH,
      { due: true, missed: false, daysSince: null, nextDueDate: '2026-11-01' },
    ],
    [
      'never, daily saved 2 days ago: missed',
      'daily',
      null,
      '2026-11-03T09:00:00Z',
      SH,
      { due: true, missed: true, daysSince: null, nextDueDate: '2026-11-01' },
    ],
    [
      'never, weekly saved 7 days ago: not yet missed',
      'weekly',
      null,
      '2026-11-08T09:00:00Z',
      SH,
      { due: true, missed: false, daysSince: null, nextDueDate: '2026-11-01' },
    ],
    [
      'never, weekly saved 8 days ago: missed',
      'weekly',
      null,
      '2026-11-09T09:00:00Z',
      SH,
      { due: true, missed: true, daysSince: null, nextDueDate: '2026-11-01' },
    ],
  ];
  for (const [name, frequency, lastBackupAt, now, timeZone, want] of rows) {
    it(name, () => expect(checkSchedule({ frequency, lastBackupAt, since: SINCE, now, timeZone })).toEqual(want));
  }

  it('prunes only the schedule’s own files, oldest first, keeping the newest N', () => {
    const names = [
      '档案室定时备份-20261201-0200.arbak',
      '档案室定时备份-20261129-0200.arbak',
      '档案室备份-20261101-1000.arbak', // by hand: never pruned
      '档案室定时备份-20261130-0200.arbak',
      '档案室定时备份-20261130-0200-2.arbak',
      'notes.txt',
    ];
    expect(filesToPrune(names, 2)).toEqual(['档案室定时备份-20261129-0200.arbak', '档案室定时备份-20261130-0200-2.arbak']);
    expect(filesToPrune(names, 10)).toEqual([]);
    expect(filesToPrune(names, 0)).toHaveLength(4);
  });
});
