namespace Platform.Web.Messaging;

/// <summary>The "Email" section. Without a host, mail goes to the outbox folder instead of a server.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    public string From { get; set; } = "Platform <no-reply@platform.test>";
    public string? SmtpHost { get; set; }
    public int SmtpPort { get; set; } = 25;
    public bool EnableSsl { get; set; }
    public string? UserName { get; set; }
    public string? Password { get; set; }

    /// <summary>Where .eml files are written when no SMTP host is set.</summary>
    public string OutboxPath { get; set; } = "App_Data/mail";
}
