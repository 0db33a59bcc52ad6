namespace Platform.Web.Hosting;

/// <summary>
/// Starts a hosted service once the server listens rather than before it: the host runs every <c>StartAsync</c>, the
/// web server's last, and only then the <c>StartedAsync</c> steps, in the order they were registered. What the first
/// page does not need (the job schedule, the Hangfire server and the storage they open) is built and started here, so
/// it no longer holds the first page up; a failure still stops the host from starting, as before.
/// </summary>
public sealed class AfterListening(IServiceProvider services, Func<IServiceProvider, IHostedService> create) : IHostedLifecycleService, IAsyncDisposable
{
    private IHostedService? _started;

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        var service = create(services);
        await service.StartAsync(cancellationToken);
        _started = service;
    }

    public Task StopAsync(CancellationToken cancellationToken) => _started?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // Created here rather than by the container, so it is ours to dispose.
    public async ValueTask DisposeAsync()
    {
        switch (_started)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }
}

public static class AfterListeningRegistration
{
    /// <summary>Registers <typeparamref name="T"/> to be created and started once the server listens.</summary>
    public static IServiceCollection AddHostedServiceAfterListening<T>(this IServiceCollection services) where T : class, IHostedService =>
        // Not AddHostedService: it adds each implementation type once, and every one of these is an AfterListening.
        services.AddSingleton<IHostedService>(sp => new AfterListening(sp, s => ActivatorUtilities.CreateInstance<T>(s)));

    /// <summary>
    /// Runs <paramref name="register"/> and moves the hosted services it adds to start once the server listens, for a
    /// library's own registration (Hangfire's server) that cannot be told to wait.
    /// </summary>
    public static IServiceCollection AfterListening(this IServiceCollection services, Action<IServiceCollection> register)
    {
        var before = services.Where(d => d.ServiceType == typeof(IHostedService)).ToHashSet();
        register(services);
        foreach (var added in services.Where(d => d.ServiceType == typeof(IHostedService) && !before.Contains(d)).ToList())
        {
            services.Remove(added);
            services.AddSingleton<IHostedService>(sp => new AfterListening(sp, s => Create(s, added)));
        }
        return services;
    }

    private static IHostedService Create(IServiceProvider services, ServiceDescriptor descriptor) => (IHostedService)(
        descriptor.ImplementationInstance
        ?? descriptor.ImplementationFactory?.Invoke(services)
        ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));
}
