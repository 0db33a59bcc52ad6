using System.Collections.Frozen;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace Platform.Web.Documents;

/// <summary>Renders model-bound Razor components (email bodies, documents) to HTML outside any request or circuit.</summary>
internal static class ComponentHtml
{
    /// <summary>Every component in this assembly implementing <paramref name="templateInterface"/>&lt;TModel&gt;, by model type.</summary>
    public static FrozenDictionary<Type, Type> TemplatesOf(Type templateInterface) => typeof(ComponentHtml).Assembly.GetTypes()
        .SelectMany(t => t.GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == templateInterface)
            .Select(i => (Model: i.GetGenericArguments()[0], Component: t)))
        .ToFrozenDictionary(x => x.Model, x => x.Component);

    public static async Task<string> RenderAsync(IServiceProvider services, ILoggerFactory loggers, FrozenDictionary<Type, Type> templates,
        object model)
    {
        var component = templates.GetValueOrDefault(model.GetType())
            ?? throw new InvalidOperationException($"No template is registered for {model.GetType().Name}.");
        await using var renderer = new HtmlRenderer(services, loggers);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync(component,
                ParameterView.FromDictionary(new Dictionary<string, object?> { ["Model"] = model }));
            return output.ToHtmlString();
        });
    }
}
