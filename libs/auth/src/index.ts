export { createAuthRepo, AUTH_DEFAULTS } from './lib/auth.repo';
export type { AuthRepo, AuthOptions, LoginResult } from './lib/auth.repo';
export { hashPassword, verifyPassword, passwordProblem } from './lib/passwords';
export { DEMO_USERS, createDemoUsers } from './lib/demo-users';
export { createAccountsRepo, AccountError } from './lib/accounts.repo';
export type { Account, AccountsRepo } from './lib/accounts.repo';
