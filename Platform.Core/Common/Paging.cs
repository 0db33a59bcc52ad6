namespace Platform.Core.Common;

/// <summary>One page of a longer list, with the total count for the pager.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total, int Skip, int Take)
{
    public static Page<T> Empty { get; } = new([], 0, 0, 0);
}

public readonly record struct PageRequest(int Skip = 0, int Take = 20)
{
    public const int MaxTake = 200;

    public int SafeSkip => Math.Max(0, Skip);

    public int SafeTake => Math.Clamp(Take, 1, MaxTake);
}
