/**
 * Passwords people pick first, as far as they are long enough to pass the length rule (anything
 * under 10 characters is refused anyway). Three parts, checked on the lower-cased password with
 * trailing punctuation removed:
 *  - whole passwords seen again and again in public leak statistics (Western and Chinese sites);
 *  - a common stem followed by a common tail (woaini + 1314, a + 123456789, qq + 123456789 …),
 *    which covers thousands of variants without listing each;
 *  - keyboard walks and runs, wherever they start and however often they repeat.
 */

const WHOLE = `
1234567890 0123456789 0987654321 9876543210 1234567890a a1234567890 12345678910 123456789a
1qaz2wsx3edc 1qaz2wsx3edc4rfv 1qazxsw23edc 1q2w3e4r5t 1q2w3e4r5t6y 1q2w3e4r5t6y7u 1q2w3e4r5t6y7u8i9o0p
qwertyuiop qwertyuiop123 qwerty123456 qwerty12345 qwerty1234 qwer123456 qwer1234567 asdfghjkl123 asdfghjkl1
zxcvbnm123 zxcvbnm1234 zxcvbnm123456 qweasdzxc123 qweasdzxc1 1qazzaq1 qazwsxedc123 qazwsxedcrfv
1qaz2wsx!@ 1qaz@wsx3edc !qaz2wsx3edc 1qaz2wsx#edc 1qazxsw2 1qazxsw23edc4rfv zaq12wsxcde3 zaq1xsw2cde3
passw0rd123 password12 password123 password1234 password12345 password123456 password2020 password2021
password2022 password2023 password2024 password2025 password2026 passwordpassword p@ssw0rd123 p@ssword123
iloveyou123 iloveyou1314 iloveyou520 iloveyou1234 iloveyou12 iloveyouforever woaini1314 woaini520
woaini5201314 woaini1314520 woaini123456 woaini12345 woaini123 woainima woainiya woaiwojia woaiwojia123
wo5201314 520131400 5201314520 1314520520 5201314a 5201314abc aini1314520 aini5201314 1314woaini
a123456789 a1234567890 a12345678 aa123456789 abc123456789 abc1234567 abcd123456 abcd1234567 abc12345678
abcdefghij abcdefg123 abcdefgh12 abcdef123456 abc123abc123 qq123456789 qq1234567890 qq12345678
123456789qq 123456789abc 123456789aa 123456789qwe 12345678abc 123456qwerty 123456abcdef 123456asdfgh
123qweasdzxc 123qweasd 123qwe123qwe 123abc123abc 147258369a 147258369abc 1472583690 159357456852
1593574562 3141592653 31415926535 741852963a 9638527410 a147258369 a5201314520 aa12345678
administrator admin123456 admin12345 admin1234567 admin888888 admin@12345 administrator1 adminadmin
root123456 root1234567 test123456 test1234567 guest12345 user123456 welcome123 welcome1234 letmein123
letmein1234 trustno1234 sunshine12 football12 baseball12 superman12 batman1234 princess12 starwars12
dragon1234 master1234 monkey1234 shadow1234 michael123 jennifer12 jordan2323 whatever12 computer12
internet12 chocolate1 butterfly1 elizabeth1 liverpool1 charlie123 jessica123 basketball basketball1
football123 qwerty123456789 iloveyou! 1234qwerasdf 1234qwerasdfzxcv qwer1234asdf qwerasdfzxcv
zhangwei123 wangwei123 wangfang123 lijing1234 zhangmin123 liuyang123 chenjing123 yangyang123
zhongguo123 zhongguo1234 zhongguo88 woshishui123 nishishui123 wodemima123 mima123456 mimamima123
shanghai123 beijing123 beijing2008 guangzhou123 shenzhen123 tianjin123 chongqing1 hangzhou123
aaaaaaaaaa 1111111111 0000000000 1234512345 1212121212 1122334455 1234554321 1357924680 123123123a
a123123123 qweqweqwe1 asdasdasd1 zxczxczxc1 abcabcabc1 woaiwojia1 88888888a 666666666a 8888888888
6666666666 9999999999 5555555555 1231231234 5211314520 7758521520 77585211314 1314521521
`;

/** Stems people put before a number: the word part of a "word + digits" password. */
const STEMS = `
a aa aaa ab abc abcd abcde abcdef q qq qaz qwe qwer qwert qwerty asd asdf asdfg zxc zxcv zxcvb
wo ai woai woaini aini iloveyou love lovely password passwd pass pwd mima admin root test user guest
welcome hello hi baby dear honey angel happy lucky super star sun moon sky china zhongguo beijing
shanghai wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin gao luo
liang song zheng xie han tang feng yu dong xiao cheng cao yuan deng fu shen zeng peng lv su lu
jiang cai jia ding wei xue ye yan pan du dai xia zhong tian ren fan fang shi yao tan liao zou xiong jin
lu hao kong bai cui kang mao qiu qin gu hou shao meng long wan duan lei qian tang yin yi chang
`;

/** Tails: lucky and love numbers, runs of digits, and any year from 1950 to 2039. */
const TAILS = `
1 12 123 1234 12345 123456 1234567 12345678 123456789 1234567890 0 00 000 0000 000000 111 1111
111111 666 6666 666666 888 8888 888888 999 9999 999999 520 521 1314 5201314 1314520 52013140
7758521 168 1688 518 5188 8888888 123123 112233 654321 987654321 147258 147258369 159357 110 119 120
!@# !@#$ @123 @1234 @123456 #123 .123 _123 2580 0000000
`;

function words(s: string): string[] {
  return s.split(/\s+/).filter(Boolean);
}

export const COMMON_WHOLE: ReadonlySet<string> = new Set(words(WHOLE));
const STEM_SET: ReadonlySet<string> = new Set(words(STEMS));
const TAIL_LIST: readonly string[] = words(TAILS).sort((x, y) => y.length - x.length);

/** Rows of a US/Chinese keyboard and the digit runs, forwards; reversed walks are checked too. */
const RUNS = [
  '1234567890',
  'qwertyuiop',
  'asdfghjkl',
  'zxcvbnm',
  'abcdefghijklmnopqrstuvwxyz',
  '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p',
  'qazwsxedcrfvtgbyhnujmikolp',
  'zaq1xsw2cde3vfr4bgt5nhy6mju7',
];

function isWalk(p: string): boolean {
  if (p.length < 6) return false;
  for (const run of RUNS) {
    const twice = run + run;
    const rev = [...twice].reverse().join('');
    // The whole password is one stretch of a row (repeated rows count, e.g. qwerqwerqwer).
    if (twice.includes(p) || rev.includes(p)) return true;
  }
  return false;
}

/** Two or more keyboard stretches in a row: "1234567890qwertyuiop", "qweasdzxc123". */
function isWalkChain(p: string): boolean {
  const ok: boolean[] = new Array(p.length + 1).fill(false);
  ok[p.length] = true;
  for (let i = p.length - 3; i >= 0; i--) {
    for (let j = i + 3; j <= p.length && !ok[i]; j++) if (ok[j] && isStretch(p.slice(i, j))) ok[i] = true;
  }
  return ok[0];
}

function isStretch(part: string): boolean {
  for (const run of RUNS) {
    const twice = run + run;
    if (twice.includes(part) || [...twice].reverse().join('').includes(part)) return true;
  }
  return false;
}

/** One short unit said again and again: "abcabcabca", "1212121212", "woaiwoaiwoai". */
function isRepetition(p: string): boolean {
  for (let unit = 1; unit <= 5; unit++) {
    if (p.length < unit * 2) break;
    const u = p.slice(0, unit);
    if (u.repeat(Math.ceil(p.length / unit)).slice(0, p.length) === p) return true;
  }
  return false;
}

function isYear(t: string): boolean {
  const y = Number(t);
  return /^\d{4}$/.test(t) && y >= 1950 && y <= 2039;
}

/** stem + tail, or stem + year, or a 6–8 digit date (19900101, 900101) after a stem. */
function isStemAndTail(p: string): boolean {
  const m = /^([a-z]+)(.+)$/.exec(p);
  if (!m) return false;
  const [, stem, tail] = m;
  if (!STEM_SET.has(stem) && !STEM_SET.has(stem.replace(/(.+)\1$/, '$1'))) return false;
  if (TAIL_LIST.includes(tail) || isYear(tail) || isWalk(tail) || isRepetition(tail)) return true;
  return /^(19|20)?\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/.test(tail);
}

/** True when the password is one people are known to choose (compared in lower case). */
export function isCommonPassword(password: string): boolean {
  const p = password.normalize('NFKC').toLowerCase();
  const bare = p.replace(/[\s!@#$%^&*.?_~-]+$/u, '');
  // One extra character at either end ("liu888888a", "woaiwoaiwoai1") does not make a new password.
  for (const c of new Set([p, bare, p.slice(0, -1), p.slice(1)])) {
    if (!c) return true;
    if (COMMON_WHOLE.has(c) || isWalk(c) || isWalkChain(c) || isRepetition(c) || isStemAndTail(c)) return true;
    // The same words reversed ("0987654321", "4131iniaow") are no better.
    const r = [...c].reverse().join('');
    if (COMMON_WHOLE.has(r) || isStemAndTail(r)) return true;
  }
  return false;
}
