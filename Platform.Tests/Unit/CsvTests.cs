using Platform.Core.Common;

namespace Platform.Tests.Unit;

public sealed class CsvTests
{
    [Fact]
    public void QuotesWhatNeedsQuotingAndDefusesFormulas() =>
        Csv.Write(["Name", "Amount", "Note"], [["Smith, Jo", 12.5m, "said \"hi\""], ["=HYPERLINK(\"x\")", -3m, null]])
            .ShouldBe("Name,Amount,Note\r\n\"Smith, Jo\",12.5,\"said \"\"hi\"\"\"\r\n\"'=HYPERLINK(\"\"x\"\")\",-3,\r\n");
}
