using Bunit;
using MudBlazor.Services;

namespace Platform.Tests.Components;

/// <summary>
/// The base of every component test: MudBlazor's services registered and JavaScript calls answered loosely, as a
/// browser would. MudBlazor's services dispose only asynchronously, so the context is disposed through xunit's
/// <see cref="IAsyncLifetime"/>; a test class with set-up of its own overrides the two hooks and calls them here.
/// </summary>
public abstract class KitContext : BunitContext, IAsyncLifetime
{
    protected KitContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    public virtual Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await DisposeResourcesAsync();
    }

    /// <summary>What the test class set up (a database), disposed after the renderer.</summary>
    protected virtual Task DisposeResourcesAsync() => Task.CompletedTask;
}
