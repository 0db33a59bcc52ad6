using System.Collections.Frozen;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Platform.Core.Messaging;

namespace Platform.Web.Messaging;

/// <summary>Marks a Razor component as the body of one email model; the mailer finds it by the model type.</summary>
public interface IEmailTemplate<TModel> where TModel : IEmailModel
{
    TModel Model { get; set; }
}

/// <summary>Renders an email model's Razor template to HTML and hands it to the sender.</summary>
internal sealed class RazorMailer(IServiceProvider services, ILoggerFactory loggers, IEmailSender sender) : IMailer
{
    private static readonly FrozenDictionary<Type, Type> Templates = typeof(RazorMailer).Assembly.GetTypes()
        .SelectMany(t => t.GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEmailTemplate<>))
            .Select(i => (Model: i.GetGenericArguments()[0], Component: t)))
        .ToFrozenDictionary(x => x.Model, x => x.Component);

    public async Task SendAsync<TModel>(string to, TModel model, CancellationToken cancellationToken = default)
        where TModel : IEmailModel
    {
        var html = await RenderAsync(model);
        await sender.SendAsync(new EmailMessage(to, model.Subject, html), cancellationToken);
    }

    public async Task<string> RenderAsync<TModel>(TModel model) where TModel : IEmailModel
    {
        var component = Templates.GetValueOrDefault(typeof(TModel))
            ?? throw new InvalidOperationException($"No email template implements IEmailTemplate<{typeof(TModel).Name}>.");
        await using var renderer = new HtmlRenderer(services, loggers);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync(component,
                ParameterView.FromDictionary(new Dictionary<string, object?> { [nameof(IEmailTemplate<TModel>.Model)] = model }));
            return output.ToHtmlString();
        });
    }
}
