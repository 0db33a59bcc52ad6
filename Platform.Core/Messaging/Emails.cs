namespace Platform.Core.Messaging;

public sealed record InvitationEmail(string OrganizationName, string InviterName, string Role, string AcceptUrl, DateTimeOffset ExpiresAt)
    : IEmailModel
{
    public string Subject => $"You're invited to join {OrganizationName}";
}

public sealed record ConfirmEmailEmail(string DisplayName, string ConfirmUrl) : IEmailModel
{
    public string Subject => "Confirm your email";
}

public sealed record ResetPasswordEmail(string DisplayName, string ResetUrl) : IEmailModel
{
    public string Subject => "Reset your password";
}

/// <summary>Sent to an account's owner when someone registers with its address, instead of saying so on the page.</summary>
public sealed record RegistrationAttemptEmail(string DisplayName, string SignInUrl, string ResetUrl) : IEmailModel
{
    public string Subject => "Someone tried to register with your address";
}

public sealed record MagicLinkEmail(string SignInUrl, int ValidMinutes) : IEmailModel
{
    public string Subject => "Your sign-in link";
}
