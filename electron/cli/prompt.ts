import { createInterface } from 'node:readline';

/** Password from ARCHIVE_ROOM_PASSWORD (for scheduled tasks) or typed at a prompt without echo. */
export async function readPassword(label: string): Promise<string> {
  const fromEnv = process.env.ARCHIVE_ROOM_PASSWORD;
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) {
    const rl = createInterface({ input: process.stdin });
    for await (const line of rl) {
      rl.close();
      return line;
    }
    throw new Error('no password on stdin / 标准输入中没有密码');
  }
  process.stdout.write(label);
  return new Promise((resolve) => {
    const stdin = process.stdin;
    let buf = '';
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const onData = (ch: string) => {
      if (ch === '\r' || ch === '\n' || ch === '\u0004') {
        stdin.setRawMode(false);
        stdin.pause();
        stdin.off('data', onData);
        process.stdout.write('\n');
        resolve(buf);
      } else if (ch === '\u0003') {
        process.exit(130);
      } else if (ch === '\u007f') {
        buf = buf.slice(0, -1);
      } else buf += ch;
    };
    stdin.on('data', onData);
  });
}
