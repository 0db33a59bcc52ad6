using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;

namespace Platform.Web.BlazorScript;

/// <summary>
/// Serves /_framework/blazor.web.js when the build embedded its source assembly (see BlazorScript.targets).
/// Everything about the missing script package lives in this folder.
/// </summary>
public static class BlazorScriptEndpoint
{
    public const string Path = "/_framework/blazor.web.js";
    private const string SourceResource = "blazor-script-source.dll";
    private const string ScriptResource = "_framework/blazor.web.js";

    public static IEndpointRouteBuilder MapEmbeddedBlazorScript(this IEndpointRouteBuilder endpoints)
    {
#if EMBEDDED_BLAZOR_SCRIPT
        var script = Extract();
        var etag = new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(script))[..16]}\"");
        endpoints.MapGet(Path, () => Results.Bytes(script, "text/javascript", entityTag: etag)).ExcludeFromDescription();
#endif
        return endpoints;
    }

    /// <summary>Reads the script out of the embedded assembly's manifest resources, without loading that assembly.</summary>
    internal static byte[] Extract()
    {
        using var source = typeof(BlazorScriptEndpoint).Assembly.GetManifestResourceStream(SourceResource)
            ?? throw new InvalidOperationException($"{SourceResource} was not embedded; build with UseEmbeddedBlazorScript=true.");
        using var pe = new PEReader(source);
        var metadata = pe.GetMetadataReader();
        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            if (!metadata.StringComparer.Equals(resource.Name, ScriptResource))
            {
                continue;
            }
            var directory = pe.PEHeaders.CorHeader!.ResourcesDirectory;
            var block = pe.GetSectionData(directory.RelativeVirtualAddress);
            var reader = block.GetReader((int)resource.Offset, block.Length - (int)resource.Offset);
            return reader.ReadBytes(reader.ReadInt32());
        }
        throw new InvalidOperationException($"{ScriptResource} not found in the embedded {SourceResource}.");
    }
}
