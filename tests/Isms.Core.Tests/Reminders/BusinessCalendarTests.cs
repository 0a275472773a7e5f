using Isms.Core.Reminders;

namespace Isms.Core.Tests.Reminders;

public class BusinessCalendarTests
{
    private static readonly DateOnly Monday = new(2026, 3, 16);
    private static readonly DateOnly Friday = new(2026, 3, 20);
    private static readonly DateOnly Saturday = new(2026, 3, 21);
    private static readonly DateOnly Sunday = new(2026, 3, 22);
    private static readonly DateOnly NextMonday = new(2026, 3, 23);

    private readonly BusinessCalendar _calendar = BusinessCalendar.MondayToFriday;

    [Fact]
    public void Weekends_are_not_business_days()
    {
        Assert.True(_calendar.IsBusinessDay(Monday));
        Assert.True(_calendar.IsBusinessDay(Friday));
        Assert.False(_calendar.IsBusinessDay(Saturday));
        Assert.False(_calendar.IsBusinessDay(Sunday));
    }

    [Fact]
    public void Adding_business_days_skips_the_weekend()
    {
        Assert.Equal(NextMonday, _calendar.AddBusinessDays(Friday, 1));
        Assert.Equal(NextMonday, _calendar.AddBusinessDays(Saturday, 1));
        Assert.Equal(Friday, _calendar.AddBusinessDays(Monday, 4));
        Assert.Equal(NextMonday, _calendar.AddBusinessDays(Monday, 5));
        Assert.Equal(Saturday, _calendar.AddBusinessDays(Saturday, 0));
        Assert.Equal(Friday, _calendar.AddBusinessDays(NextMonday, -1));
        Assert.Equal(Monday, _calendar.AddBusinessDays(NextMonday, -5));
    }

    [Fact]
    public void Business_days_between_counts_the_days_after_the_start_up_to_and_including_the_end()
    {
        Assert.Equal(0, _calendar.BusinessDaysBetween(Friday, Sunday));
        Assert.Equal(1, _calendar.BusinessDaysBetween(Friday, NextMonday));
        Assert.Equal(1, _calendar.BusinessDaysBetween(Saturday, NextMonday));
        Assert.Equal(5, _calendar.BusinessDaysBetween(Monday, NextMonday));
        Assert.Equal(-5, _calendar.BusinessDaysBetween(NextMonday, Monday));
    }

    [Fact]
    public void Adding_and_counting_agree_over_long_spans_and_any_weekend()
    {
        var calendars = new[]
        {
            BusinessCalendar.MondayToFriday,
            BusinessCalendar.Parse("Friday,Saturday"),
            BusinessCalendar.Parse("sunday"),
            BusinessCalendar.Parse(""),
        };
        foreach (var calendar in calendars)
        {
            for (var start = Monday; start < Monday.AddDays(7); start = start.AddDays(1))
            {
                for (var n = -40; n <= 40; n++)
                {
                    var end = calendar.AddBusinessDays(start, n);
                    Assert.Equal(NaiveAdd(calendar, start, n), end);
                    Assert.Equal(NaiveCount(calendar, start, end), calendar.BusinessDaysBetween(start, end));
                    if (n >= 0)
                    {
                        Assert.Equal(n, calendar.BusinessDaysBetween(start, end));
                    }
                }
            }
        }
    }

    [Fact]
    public void Weekend_days_are_parsed_by_name_only()
    {
        Assert.Equal([DayOfWeek.Friday, DayOfWeek.Saturday], BusinessCalendar.Parse(" Friday , saturday ").WeekendDays.Order());
        Assert.Empty(BusinessCalendar.Parse("").WeekendDays);
        Assert.Throws<FormatException>(() => BusinessCalendar.Parse("6"));
        Assert.Throws<FormatException>(() => BusinessCalendar.Parse("Caturday"));
        Assert.Throws<FormatException>(() => BusinessCalendar.Parse("Monday,Tuesday,Wednesday,Thursday,Friday,Saturday,Sunday"));
    }

    private static DateOnly NaiveAdd(BusinessCalendar calendar, DateOnly date, int n)
    {
        for (var left = Math.Abs(n); left > 0;)
        {
            date = date.AddDays(Math.Sign(n));
            left -= calendar.IsBusinessDay(date) ? 1 : 0;
        }

        return date;
    }

    private static int NaiveCount(BusinessCalendar calendar, DateOnly from, DateOnly to)
    {
        var sign = 1;
        if (to < from)
        {
            (from, to) = (to, from);
            sign = -1;
        }

        var count = 0;
        for (var d = from.AddDays(1); d <= to; d = d.AddDays(1))
        {
            count += calendar.IsBusinessDay(d) ? 1 : 0;
        }

        return sign * count;
    }
}
