// Readable names for the Auth API's generated types, so app code says `User`, not
// `components['schemas']['User']`.
import type { components } from '../generated/api-types.js';

type Schemas = components['schemas'];

export type ApiErrorBody = Schemas['ErrorEnvelope'];
export type ValidationErrorDetail = Schemas['ValidationErrorDetail'];
export type User = Schemas['User'];
export type Session = Schemas['Session'];
export type SessionList = Schemas['SessionList'];
export type RegisterRequest = Schemas['RegisterRequest'];
export type LoginRequest = Schemas['LoginRequest'];
export type LoginResponse = Schemas['LoginResponse'];
export type LogoutResponse = Schemas['LogoutResponse'];
export type RefreshResponse = Schemas['RefreshResponse'];
