namespace Platform.Core.Jobs;

/// <summary>
/// What a long piece of work tells whoever runs it: how many items there are, how many are done, and lines worth
/// keeping. The scheduler records them on the run; callers outside a job pass <see cref="JobProgress.None"/>.
/// </summary>
public interface IJobProgress
{
    void Total(int items);

    void Done(int items = 1);

    void Log(string message);
}

public static class JobProgress
{
    public static IJobProgress None { get; } = new Nothing();

    private sealed class Nothing : IJobProgress
    {
        public void Total(int items)
        {
        }

        public void Done(int items = 1)
        {
        }

        public void Log(string message)
        {
        }
    }
}
