using Platform.Web.Jobs;

namespace Platform.Tests.Unit;

public sealed class CronTextTests
{
    [Theory]
    [InlineData("0 2 15 1 *", "Every year on 15 January at 02:00")]
    [InlineData("0 2 15 JAN *", "Every year on 15 January at 02:00")]
    [InlineData("30 4 * * *", "Every day at 04:30")]
    [InlineData("0 3 * * MON", "Every Monday at 03:00")]
    [InlineData("0 3 * * 0", "Every Sunday at 03:00")]
    [InlineData("0 3 * * 7", "Every Sunday at 03:00")]
    [InlineData("0 6 1 * *", "On day 1 of every month at 06:00")]
    [InlineData("*/15 * * * *", "Every 15 minutes")]
    [InlineData("* * * * *", "Every minute")]
    [InlineData("0 9-17 * * *", "Custom schedule")]
    [InlineData("0 3 * * MON-FRI", "Custom schedule")]
    [InlineData("0 25 * * *", "Custom schedule")]
    [InlineData("nonsense", "Custom schedule")]
    // Six and seven fields, seconds first, as older settings hold them, read through the conversion.
    [InlineData("0 0 3 ? * 1", "Every Sunday at 03:00")]
    [InlineData("0 0 1 * * ? *", "Every day at 01:00")]
    [InlineData("30 0 3 * * ?", "Custom schedule")]
    public void DescribesTheCommonShapesInWordsAndNothingItCannotRead(string cron, string words) =>
        CronText.Describe(cron).ShouldBe(words);

    [Theory]
    [InlineData("0 0 6 * * ?", "0 6 * * *")]
    [InlineData("0 * * * * ?", "* * * * *")]
    [InlineData("0 0 3 ? * MON", "0 3 * * MON")]
    [InlineData("0 0 3 ? * 2-6", "0 3 * * 1-5")]
    [InlineData("0 0 3 ? * 1,7", "0 3 * * 0,6")]
    [InlineData("0 0 2 15 1 ?", "0 2 15 1 *")]
    [InlineData("0 0 1 * * ? *", "0 1 * * *")]
    [InlineData("0 3 * * MON", "0 3 * * MON")]
    [InlineData("30 0 3 * * ?", "30 0 3 * * ?")] // seconds other than 0 stay, for the caller to refuse
    public void SixAndSevenFieldCronsBecomeTheFiveFieldsHangfireReads(string old, string fiveFields) =>
        CronText.ToFiveFields(old).ShouldBe(fiveFields);
}
