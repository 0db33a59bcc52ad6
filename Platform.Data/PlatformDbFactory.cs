using Microsoft.EntityFrameworkCore;
using Platform.Core.Data;

namespace Platform.Data;

/// <summary>Hands out a fresh context per operation, whatever the configured provider.</summary>
internal sealed class PlatformDbFactory(IDbContextFactory<PlatformDbContext> factory) : IPlatformDbFactory
{
    public async Task<IPlatformDb> CreateAsync(CancellationToken cancellationToken = default) =>
        await factory.CreateDbContextAsync(cancellationToken);
}

/// <summary>Exposes a provider-specific context factory as the provider-neutral one.</summary>
internal sealed class UpcastDbContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<PlatformDbContext>
    where TContext : PlatformDbContext
{
    public PlatformDbContext CreateDbContext() => inner.CreateDbContext();

    public async Task<PlatformDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        await inner.CreateDbContextAsync(cancellationToken);
}

/// <summary>Creates contexts with the scope's tenant and actor over the one shared options instance.</summary>
internal sealed class ScopedContextFactory<TContext>(IServiceProvider scope) : IDbContextFactory<TContext>
    where TContext : PlatformDbContext
{
    private static readonly Microsoft.Extensions.DependencyInjection.ObjectFactory<TContext> Create =
        Microsoft.Extensions.DependencyInjection.ActivatorUtilities.CreateFactory<TContext>([]);

    public TContext CreateDbContext() => Create(scope, []);
}
