using System.Collections.Frozen;
using Platform.Core.Messaging;
using Platform.Web.Documents;

namespace Platform.Web.Messaging;

/// <summary>Marks a Razor component as the body of one email model; the mailer finds it by the model type.</summary>
public interface IEmailTemplate<TModel> where TModel : IEmailModel
{
    TModel Model { get; set; }
}

/// <summary>Renders an email model's Razor template to HTML and hands it to the sender.</summary>
internal sealed class RazorMailer(IServiceProvider services, ILoggerFactory loggers, IEmailSender sender) : IMailer
{
    private static readonly FrozenDictionary<Type, Type> Templates = ComponentHtml.TemplatesOf(typeof(IEmailTemplate<>));

    public Task SendAsync<TModel>(string to, TModel model, CancellationToken cancellationToken = default)
        where TModel : IEmailModel => SendAsync(to, model, [], cancellationToken);

    public async Task SendAsync<TModel>(string to, TModel model, IReadOnlyList<EmailAttachment> attachments,
        CancellationToken cancellationToken = default) where TModel : IEmailModel
    {
        var html = await RenderAsync(model);
        await sender.SendAsync(new EmailMessage(to, model.Subject, html, attachments.Count == 0 ? null : attachments), cancellationToken);
    }

    public Task<string> RenderAsync<TModel>(TModel model) where TModel : IEmailModel =>
        ComponentHtml.RenderAsync(services, loggers, Templates, model);
}
