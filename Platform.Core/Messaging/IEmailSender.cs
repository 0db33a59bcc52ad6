namespace Platform.Core.Messaging;

public sealed record EmailAttachment(string FileName, string ContentType, byte[] Content);

public sealed record EmailMessage(string To, string Subject, string HtmlBody, IReadOnlyList<EmailAttachment>? Attachments = null);

/// <summary>Delivers a finished message: by SMTP when a host is configured, else into the local outbox folder.</summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default);
}

/// <summary>A typed email: the model names its subject; the web layer renders its body from a Razor component.</summary>
public interface IEmailModel
{
    string Subject { get; }
}

public interface IMailer
{
    Task SendAsync<TModel>(string to, TModel model, CancellationToken cancellationToken = default)
        where TModel : IEmailModel;

    Task SendAsync<TModel>(string to, TModel model, IReadOnlyList<EmailAttachment> attachments, CancellationToken cancellationToken = default)
        where TModel : IEmailModel;
}

/// <summary>Absolute links that emails carry back into the app.</summary>
public interface IAppLinks
{
    string AcceptInvitation(string token);

    string MagicLink(string email, string token);

    string SignIn();

    string ConfirmEmail(Guid userId, string code, string? returnUrl = null);

    string ResetPassword(string email, string code);

    /// <summary>The donor's page for one gift's journey.</summary>
    string DonationJourney(Guid donationId);

    /// <summary>Creating an account for an address that gave as a guest.</summary>
    string Register(string email);

    /// <summary>The donor portal's tax statements.</summary>
    string DonorStatements();

    /// <summary>A signed, expiring link that applies one action to a monthly gift without signing in.</summary>
    string RecurringAction(Guid recurringGiftId, Platform.Core.Giving.RecurringAction action);

    /// <summary>The merchant portal's plan page, where owners upgrade.</summary>
    string MerchantPlan();

    /// <summary>The merchant portal's payouts.</summary>
    string MerchantPayouts();

    /// <summary>The donor portal's monthly gifts.</summary>
    string DonorRecurring();

    /// <summary>The merchant portal's monthly reports.</summary>
    string MerchantReports();

    /// <summary>The admin platform reports.</summary>
    string AdminReports();

    /// <summary>One job run on the admin jobs dashboard.</summary>
    string AdminJobRun(Guid runId);
}
