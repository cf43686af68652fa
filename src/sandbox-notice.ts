/** Said wherever a user could mistake the sandbox for their real Azure. */
export const SANDBOX_NOTICE = 'SANDBOX: this is the built-in emulated Azure (--sandbox); nothing real is read or changed.';
