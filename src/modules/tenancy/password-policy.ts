import { fieldError } from "./tenancy.guards.ts";

/**
 * The password policy (NIST SP 800-63B: length and a blocklist, no composition rules), checked
 * wherever a password is set: user creation, a tenant's first admin, the bootstrap. Pure: the
 * password and who it belongs to in, the first problem (or null) out.
 */
export const MIN_PASSWORD_LENGTH = 10;

/**
 * Common passwords of 10+ characters (shorter ones fail on length) and the words that most
 * leaked passwords are built on; a password that is one of these, or one of the bases with
 * digits and symbols around it ("Password2024!"), is refused.
 */
const COMMON = new Set([
  "1q2w3e4r5t",
  "1q2w3e4r5t6y",
  "1qaz2wsx3edc",
  "abcdefghij",
  "abcdefghijk",
  "abcdefghijkl",
  "abc1234567",
  "abcd123456",
  "asdfghjkl;",
  "asdfghjkl1",
  "iloveyou12",
  "q1w2e3r4t5",
  "q1w2e3r4t5y6",
  "qazwsxedcrfv",
  "qwertyuiop",
  "qwertyuiop[]",
  "qwerty123456",
  "zaq12wsxcde3",
  "zxcvbnm123",
  "zxcvbnmasdf",
  "correcthorsebatterystaple",
]);
const COMMON_BASES = new Set([
  "abc",
  "admin",
  "administrator",
  "baseball",
  "changeme",
  "dragon",
  "football",
  "iloveyou",
  "letmein",
  "master",
  "michael",
  "monkey",
  "openbss",
  "passw0rd",
  "password",
  "princess",
  "qwerty",
  "qwertz",
  "azerty",
  "secret",
  "shadow",
  "starwars",
  "sunshine",
  "superman",
  "trustno1",
  "welcome",
]);

/** Lowercase, without spaces, punctuation or digits around the word ("Password-2024!" → "password"). */
function baseOf(value: string): string {
  return value
    .toLowerCase()
    .replace(/\s+/g, "")
    .replace(/^[^a-z]+|[^a-z]+$/g, "");
}

export function passwordProblem(
  password: string,
  owner: { email?: string; name?: string } = {},
): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters`;
  if (/^(.)\1*$/su.test(password)) return "Must not be one character repeated";
  if (/^[\d\s]+$/.test(password)) return "Must not be only digits";
  // A unit repeated ("abcabcabcabc", "passwordpassword") is as weak as the unit.
  if (/^(.+?)\1+$/su.test(password)) return "Must not be one sequence repeated";
  const lower = password.toLowerCase().replace(/\s+/g, "");
  const base = baseOf(password);
  if (COMMON.has(lower) || COMMON_BASES.has(base) || COMMON.has(base))
    return "Too common: choose a password that is not on lists of leaked passwords";
  const email = owner.email?.trim().toLowerCase();
  const personal = [email, email?.split("@")[0], owner.name?.toLowerCase().replace(/\s+/g, "")].filter(
    (v): v is string => Boolean(v),
  );
  if (personal.some((p) => p === lower || (base.length >= 3 && baseOf(p) === base)))
    return "Must not be the user's email or name";
  return null;
}

/** Throws a 400 naming `field` (e.g. "password", "admin.password") when the password is weak. */
export function assertPasswordPolicy(
  field: string,
  password: string,
  owner: { email?: string; name?: string } = {},
): void {
  const problem = passwordProblem(password, owner);
  if (problem) throw fieldError(field, problem);
}
