export { createAuthRepo, AUTH_DEFAULTS } from './lib/auth.repo';
export type { AuthRepo, AuthOptions, LoginResult } from './lib/auth.repo';
export { hashPassword, verifyPassword } from './lib/passwords';
export { DEMO_USERS, createDemoUsers } from './lib/demo-users';
