export { createAuthRepo, AUTH_DEFAULTS } from './lib/auth.repo';
export type { AuthRepo, AuthOptions, LoginResult } from './lib/auth.repo';
export { hashPassword, verifyPassword, passwordProblem } from './lib/passwords';
export { DEMO_USERS, createDemoUsers } from './lib/demo-users';
export { createAccountsRepo, AccountError } from './lib/accounts.repo';
export type { Account, AccountsRepo } from './lib/accounts.repo';
export { createAccessTokensRepo, isAccessToken, ACCESS_TOKEN_PREFIX, MAX_TOKENS_PER_USER } from './lib/access-tokens.repo';
export type { AccessTokenScope, AccessTokenView, AccessTokensRepo, TokenUser } from './lib/access-tokens.repo';
