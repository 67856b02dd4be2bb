export { actorFromApiKey, actorFromSession, hashToken, login, logout, newToken } from "./auth.ts";
export { hashPassword, verifyPassword } from "./passwords.ts";
export * from "./tenancy.types.ts";
