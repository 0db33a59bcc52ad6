using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace Platform.Tests.Support;

/// <summary>bUnit asks for AngleSharp.Diffing 1.x; the 0.17.0 assembly copied next to the tests answers for it.</summary>
internal static class AngleSharpDiffingResolver
{
    [ModuleInitializer]
    internal static void Register() =>
        AssemblyLoadContext.Default.Resolving += (context, name) =>
            name.Name == "AngleSharp.Diffing"
                ? context.LoadFromAssemblyPath(Path.Combine(AppContext.BaseDirectory, "AngleSharp.Diffing.dll"))
                : null;
}
