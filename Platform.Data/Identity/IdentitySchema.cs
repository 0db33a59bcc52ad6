using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.Data.Identity;

/// <summary>
/// Which Identity tables the model has. Identity reads its schema version from the application's options when it
/// builds the model, so the running app and <c>dotnet ef</c> are both given the same one: version 3, with passkeys.
/// </summary>
internal static class IdentitySchema
{
    public static void Use(IdentityOptions options) => options.Stores.SchemaVersion = IdentitySchemaVersions.Version3;

    public static IServiceProvider DesignTimeServices { get; } =
        new ServiceCollection().Configure<IdentityOptions>(Use).BuildServiceProvider();
}
