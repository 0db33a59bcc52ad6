namespace Platform.Web.Security;

/// <summary>The "RateLimits" section: how many attempts the account forms take, per client and per account.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Posts to the sign-in, two-factor, registration, reset, magic-link and invitation forms from one IP address.</summary>
    public RateLimitRule PerClient { get; set; } = new() { PermitLimit = 30, WindowSeconds = 60 };

    /// <summary>The same posts naming one account (the email typed, or the account signing in or accepting).</summary>
    public RateLimitRule PerAccount { get; set; } = new() { PermitLimit = 10, WindowSeconds = 300 };

    /// <summary>Sign-in emails (magic links and password resets) asked for one address.</summary>
    public RateLimitRule SignInEmails { get; set; } = new() { PermitLimit = 5, WindowSeconds = 3600 };
}

public sealed class RateLimitRule
{
    public int PermitLimit { get; set; }

    public int WindowSeconds { get; set; }

    public TimeSpan Window => TimeSpan.FromSeconds(WindowSeconds);
}
