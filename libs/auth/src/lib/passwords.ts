import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const PARAMS = { N: 16384, r: 8, p: 1, keyLength: 32 } as const;

const derive = (password: string, salt: Buffer, N: number, r: number, p: number, keyLength: number) =>
  new Promise<Buffer>((resolve, reject) => {
    const options: ScryptOptions = { N, r, p, maxmem: 64 * 1024 * 1024 };
    scrypt(password.normalize('NFKC'), salt, keyLength, options, (err, key) => (err ? reject(err) : resolve(key)));
  });

/** An scrypt hash with its parameters and salt: `scrypt$N$r$p$salt$hash` (base64). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS.N, PARAMS.r, PARAMS.p, PARAMS.keyLength);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Checks a password against a stored hash in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(password, Buffer.from(salt, 'base64'), Number(n), Number(r), Number(p), expected.length);
  return timingSafeEqual(key, expected);
}

const COMMON = ['password', 'passw0rd', '12345678', '123456789', '1234567890', 'qwertyuiop', 'admin123', 'abc12345', 'iloveyou', '11111111', '88888888', '66666666'];

/**
 * Why a password is too weak, or null when it will do: at least 10 characters, three kinds of
 * character (lower case, upper case, digits, others) unless it is 16 or longer, not the username, not
 * a well-known password.
 */
export function passwordProblem(password: string, username = ''): string | null {
  if (password.length < 10) return '密码至少 10 个字符 / At least 10 characters';
  const kinds = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z\d]/].filter((re) => re.test(password)).length;
  if (password.length < 16 && kinds < 3) return '密码须含大写字母、小写字母、数字、符号中的至少三种（或不少于 16 个字符）/ Use three of: lower case, upper case, digits, symbols (or 16+ characters)';
  if (username && password.toLowerCase().includes(username.toLowerCase())) return '密码不能包含用户名 / The password must not contain the username';
  if (COMMON.some((c) => password.toLowerCase().includes(c))) return '密码过于常见 / This password is too common';
  return null;
}
