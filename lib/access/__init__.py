"""Who may do what: accounts and sign-in, the signed-in user, page permissions, data scope, the audit log
and rate limits."""
