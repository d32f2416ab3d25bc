/**
 * Generated from spec/ by `npm run generate`. Do not edit by hand:
 * `npm run check` fails when this file no longer matches the spec.
 */

export interface paths {
    "/api/v1/auth/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Register
         * @description Create an account. Does not sign the user in.
         */
        post: operations["registerUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Login
         * @description Sign in with email and password; sets the HttpOnly access and refresh cookies.
         */
        post: operations["loginUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Logout
         * @description Log out the current user by clearing auth cookies
         */
        post: operations["logoutUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Refresh
         * @description Rotate both auth cookies using the refresh cookie.
         */
        post: operations["refreshSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Current user
         * @description The user the access cookie belongs to.
         */
        get: operations["getCurrentUser"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List active sessions
         * @description Every session of the signed-in user that has not expired or been revoked.
         */
        get: operations["listSessions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sessions/{sessionId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke a session
         * @description Sign one session out. Revoking the current session also clears its cookies on its next request.
         */
        delete: operations["revokeSession"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description New account details. */
        RegisterRequest: {
            /**
             * Format: email
             * @description Sign-in email; must not belong to an existing account
             * @example ada@example.com
             */
            email: string;
            /**
             * @description Between 12 and 128 characters
             * @example correct-horse-battery
             */
            password: string;
            /**
             * @description Name shown in the app
             * @example Ada Lovelace
             */
            displayName: string;
        };
        /** @description A registered user. */
        User: {
            /**
             * Format: uuid
             * @description Stable user id
             * @example 3f6b0c1e-6d1a-4f0e-9b7e-2a4c8d5e9f10
             */
            id: string;
            /**
             * Format: email
             * @description Sign-in email, unique across users
             * @example ada@example.com
             */
            email: string;
            /**
             * @description Name shown in the app
             * @example Ada Lovelace
             */
            displayName: string;
            /**
             * Format: date-time
             * @description When the account was created
             * @example 2026-01-15T09:30:00Z
             */
            createdAt: string;
        };
        /** @description One validation failure inside an error envelope. */
        ValidationErrorDetail: {
            /**
             * @description Where the validation error occurred
             * @example [
             *       "body",
             *       "email"
             *     ]
             */
            loc: (string | number)[];
            /**
             * @description Human-readable validation message
             * @example value is not a valid email address
             */
            msg: string;
            /**
             * @description Machine-readable validation error type
             * @example value_error.email
             */
            type: string;
        };
        /** @description Canonical API error envelope returned by the API. */
        ErrorEnvelope: {
            /**
             * @description HTTP status code
             * @example 401
             */
            code: number;
            /**
             * @description Human-readable error message
             * @example Authentication failed
             */
            detail: string;
            /** @description Validation details, one entry per invalid field */
            errors?: components["schemas"]["ValidationErrorDetail"][];
            /**
             * @description Stable machine-readable error type
             * @example authentication_error
             */
            type: string;
        };
        /** @description Credentials for signing in. */
        LoginRequest: {
            /**
             * Format: email
             * @description Sign-in email
             * @example ada@example.com
             */
            email: string;
            /**
             * @description Account password
             * @example correct-horse-battery
             */
            password: string;
        };
        /** @description The signed-in user and when the access cookie expires. */
        LoginResponse: {
            user: components["schemas"]["User"];
            /**
             * Format: date-time
             * @description When the access cookie expires; call refresh before then
             * @example 2026-01-15T09:45:00Z
             */
            accessExpiresAt: string;
        };
        /** @description Confirmation that the auth cookies were cleared. */
        LogoutResponse: {
            /**
             * @description Human-readable confirmation
             * @example Logged out
             */
            detail: string;
        };
        /** @description When the rotated access cookie expires. */
        RefreshResponse: {
            /**
             * Format: date-time
             * @description When the new access cookie expires
             * @example 2026-01-15T10:00:00Z
             */
            accessExpiresAt: string;
        };
        /** @description One signed-in device or browser. */
        Session: {
            /**
             * Format: uuid
             * @description Session id, used to revoke it
             * @example 9b2e7c4a-1f3d-4e5b-8a6c-0d9e8f7a6b5c
             */
            id: string;
            /**
             * @description User agent that opened the session
             * @example Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0
             */
            userAgent?: string;
            /**
             * @description Address the session was last seen from
             * @example 203.0.113.7
             */
            ipAddress?: string;
            /**
             * Format: date-time
             * @description When the session was opened
             * @example 2026-01-15T09:30:00Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description When the session last made a request
             * @example 2026-01-15T09:42:00Z
             */
            lastSeenAt: string;
            /**
             * @description True for the session making this request
             * @example true
             */
            current: boolean;
        };
        /** @description The user's active sessions, most recent first. */
        SessionList: {
            /** @description Active sessions */
            items: components["schemas"]["Session"][];
        };
    };
    responses: {
        /** @description Invalid request */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "code": 400,
                 *       "detail": "The request body is not valid JSON",
                 *       "type": "bad_request"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description Authentication failed */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "code": 401,
                 *       "detail": "Authentication failed",
                 *       "type": "authentication_error"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description Access forbidden */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "code": 403,
                 *       "detail": "You do not have access to this resource",
                 *       "type": "forbidden"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description Not found */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "code": 404,
                 *       "detail": "The requested resource was not found",
                 *       "type": "not_found"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description Already exists */
        EmailTaken: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "code": 409,
                 *       "detail": "An account with this email already exists",
                 *       "type": "email_taken"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description Validation error */
        ValidationFailed: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "code": 422,
                 *       "detail": "The request did not pass validation",
                 *       "type": "validation_error",
                 *       "errors": [
                 *         {
                 *           "loc": [
                 *             "body",
                 *             "email"
                 *           ],
                 *           "msg": "value is not a valid email address",
                 *           "type": "value_error.email"
                 *         },
                 *         {
                 *           "loc": [
                 *             "body",
                 *             "password"
                 *           ],
                 *           "msg": "ensure this value has at least 12 characters",
                 *           "type": "value_error.any_str.min_length"
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description Upgrade required */
        UpgradeRequired: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "code": 426,
                 *       "detail": "This client version is no longer supported; please update the app",
                 *       "type": "upgrade_required"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description Rate limited */
        RateLimited: {
            headers: {
                "Retry-After": components["headers"]["RetryAfter"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "code": 429,
                 *       "detail": "Too many requests; retry after 30 seconds",
                 *       "type": "rate_limited"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description Internal server error */
        InternalServerError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "code": 500,
                 *       "detail": "Something went wrong on our side",
                 *       "type": "internal_error"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description Bad gateway */
        BadGateway: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "code": 502,
                 *       "detail": "An upstream service returned an invalid response",
                 *       "type": "bad_gateway"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description Gateway timeout */
        GatewayTimeout: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "code": 504,
                 *       "detail": "An upstream service did not respond in time",
                 *       "type": "gateway_timeout"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description Already exists */
        Conflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "code": 409,
                 *       "detail": "The resource already exists",
                 *       "type": "already_exists"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
    };
    parameters: {
        /**
         * @description The access cookie to clear, when present.
         * @example eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIzZjZiIn0.sig
         */
        AccessTokenCookie: string;
        /**
         * @description The refresh cookie to clear, when present.
         * @example rt_5f0c8a9d2b7e4c1a
         */
        RefreshTokenCookie: string;
        /**
         * @description Id of the session to revoke.
         * @example 9b2e7c4a-1f3d-4e5b-8a6c-0d9e8f7a6b5c
         */
        SessionId: string;
    };
    requestBodies: never;
    headers: {
        /**
         * @description Seconds to wait before retrying.
         * @example 30
         */
        RetryAfter: number;
        /**
         * @description Sets an HttpOnly auth cookie. Sent twice: once for `access_token` and once
         *     for `refresh_token`.
         * @example access_token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIzZjZiIn0.sig; Path=/; Max-Age=900; HttpOnly; Secure; SameSite=Lax
         */
        SetAuthCookie: string;
        /**
         * @description Expires an auth cookie. Sent twice: once for `access_token` and once for
         *     `refresh_token`.
         * @example access_token=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax
         */
        ClearAuthCookie: string;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    registerUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RegisterRequest"];
            };
        };
        responses: {
            /** @description Account created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["EmailTaken"];
            422: components["responses"]["ValidationFailed"];
            426: components["responses"]["UpgradeRequired"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalServerError"];
            502: components["responses"]["BadGateway"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    loginUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    "Set-Cookie": components["headers"]["SetAuthCookie"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoginResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["ValidationFailed"];
            426: components["responses"]["UpgradeRequired"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalServerError"];
            502: components["responses"]["BadGateway"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    logoutUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: {
                /**
                 * @description The access cookie to clear, when present.
                 * @example eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIzZjZiIn0.sig
                 */
                access_token?: components["parameters"]["AccessTokenCookie"];
                /**
                 * @description The refresh cookie to clear, when present.
                 * @example rt_5f0c8a9d2b7e4c1a
                 */
                refresh_token?: components["parameters"]["RefreshTokenCookie"];
            };
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    "Set-Cookie": components["headers"]["ClearAuthCookie"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LogoutResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["ValidationFailed"];
            426: components["responses"]["UpgradeRequired"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalServerError"];
            502: components["responses"]["BadGateway"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    refreshSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Cookies rotated */
            200: {
                headers: {
                    "Set-Cookie": components["headers"]["SetAuthCookie"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RefreshResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["ValidationFailed"];
            426: components["responses"]["UpgradeRequired"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalServerError"];
            502: components["responses"]["BadGateway"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    getCurrentUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The signed-in user */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["ValidationFailed"];
            426: components["responses"]["UpgradeRequired"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalServerError"];
            502: components["responses"]["BadGateway"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    listSessions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Active sessions */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["ValidationFailed"];
            426: components["responses"]["UpgradeRequired"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalServerError"];
            502: components["responses"]["BadGateway"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    revokeSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Id of the session to revoke.
                 * @example 9b2e7c4a-1f3d-4e5b-8a6c-0d9e8f7a6b5c
                 */
                sessionId: components["parameters"]["SessionId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Session revoked */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["ValidationFailed"];
            426: components["responses"]["UpgradeRequired"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalServerError"];
            502: components["responses"]["BadGateway"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
}
