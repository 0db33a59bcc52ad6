using System.Collections.Frozen;
using Platform.Core.Documents;

namespace Platform.Web.Documents;

/// <summary>Marks a Razor component as the page of one document model; the renderer finds it by the model type.</summary>
public interface IDocumentTemplate<TModel> where TModel : IDocumentModel
{
    TModel Model { get; set; }
}

/// <summary>Renders a document model's Razor template to HTML, then prints it with <see cref="ChromiumPrinter"/>.</summary>
internal sealed class DocumentRenderer(IServiceProvider services, ILoggerFactory loggers, ChromiumPrinter printer) : IDocumentRenderer
{
    private static readonly FrozenDictionary<Type, Type> Templates = ComponentHtml.TemplatesOf(typeof(IDocumentTemplate<>));

    public async Task<byte[]> RenderPdfAsync<TModel>(TModel model, CancellationToken cancellationToken = default) where TModel : IDocumentModel =>
        await printer.PrintAsync(await RenderHtmlAsync(model), model.Title, cancellationToken);

    /// <summary>The document as a complete HTML page: what is printed, and what staff preview.</summary>
    public Task<string> RenderHtmlAsync<TModel>(TModel model) where TModel : IDocumentModel =>
        ComponentHtml.RenderAsync(services, loggers, Templates, model);
}
