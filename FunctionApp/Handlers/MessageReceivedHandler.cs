using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VambeFunctions.Events;
using VambeFunctions.Events.Models;
using VambeFunctions.Extensions;
using VambeFunctions.Integrations;
using VambeFunctions.Processing;

namespace VambeFunctions.Handlers;

/// <summary>
/// Applies the keyword rules to an inbound message. It makes one tag call with the tags of every
/// matching rule and assigns the first matching rule's team member, or else the default member
/// at most once per contact within a period. One alert lists the matched rules.
/// </summary>
public sealed partial class MessageReceivedHandler(
    KeywordMatcher matcher,
    VambeClient vambe,
    ChatAlertClient alerts,
    ContactAssignments assignments,
    IOptions<RoutingOptions> routing,
    IOptions<VambeOptions> vambeOptions,
    TimeProvider time,
    IRedactorProvider redactors,
    ILogger<MessageReceivedHandler> logger) : IEventHandler<MessageReceivedEvent>
{
    public const string TagStep = "vambe-tags";
    public const string AssignStep = "vambe-assign";
    public const string AlertStep = "chat-alert";

    /// <summary>Tags go through the WhatsApp channel, identified by the sender's number.</summary>
    public const string TagChannel = "whatsapp";

    public async Task HandleAsync(MessageReceivedEvent @event, EventContext context, CancellationToken cancellationToken)
    {
        var data = @event.Data!;
        var matched = matcher.Match(data.Message);
        var sender = redactors.GetRedactor(Privacy.PersonalData).Redact(data.FromNumber ?? "");
        LogMatched(context.EventId, sender, matched.Count, data.Message?.Length ?? 0);

        await TagAsync(matched, data, context, cancellationToken);
        await AssignAsync(matched, @event.AiContactId, context, cancellationToken);
        if (matched.Any(rule => rule.Alert) && alerts.Enabled)
        {
            var ruleNames = string.Join(", ", matched.Select(rule => rule.Name));
            var alert = new Alert(context.Topic, context.EventId, data.Name, @event.AiContactId, $"Matched rules: {ruleNames}.");
            await context.Steps.RunOnceAsync(AlertStep, token => alerts.SendAsync(alert, token), cancellationToken);
        }
    }

    private async Task TagAsync(IReadOnlyList<KeywordRule> matched, MessageData data, EventContext context,
        CancellationToken cancellationToken)
    {
        var tags = matched.SelectMany(rule => rule.Tags).Distinct(StringComparer.Ordinal).ToList();
        if (tags.Count == 0)
        {
            return;
        }

        if (string.IsNullOrEmpty(data.FromNumber))
        {
            LogNoSender(context.EventId);
            return;
        }

        await context.Steps.RunOnceAsync(TagStep, async token =>
        {
            var result = await vambe.TagContactAsync(TagChannel, data.FromNumber, tags, token);
            if (result.NotAssignedTags is { Count: > 0 } notAssigned)
            {
                LogTagsNotAssigned(context.EventId, string.Join(", ", notAssigned));
            }
        }, cancellationToken);
    }

    private async Task AssignAsync(IReadOnlyList<KeywordRule> matched, string? aiContactId, EventContext context,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(aiContactId))
        {
            return;
        }

        var member = matched.Select(rule => rule.TeamMemberId).FirstOrDefault(id => !string.IsNullOrWhiteSpace(id));
        var isDefault = member is null;
        if (isDefault)
        {
            member = routing.Value.DefaultTeamMemberId;
            if (string.IsNullOrWhiteSpace(member) || !await ReserveDefaultAsync(aiContactId, context, cancellationToken))
            {
                return;
            }
        }

        await context.Steps.RunOnceAsync(AssignStep,
            token => vambe.AssignTeamMemberAsync(aiContactId, member!, vambeOptions.Value.RemoveExistingAgents, token),
            cancellationToken);
        LogAssigned(context.EventId, member!, isDefault);
    }

    private async Task<bool> ReserveDefaultAsync(string aiContactId, EventContext context, CancellationToken cancellationToken)
    {
        var period = TimeSpan.FromHours(routing.Value.DefaultAssignmentHours);
        var reserved = await assignments.TryReserveAsync(aiContactId, context.EventId, period, time.GetUtcNow(), cancellationToken);
        if (!reserved)
        {
            LogDefaultSkipped(context.EventId, routing.Value.DefaultAssignmentHours);
        }

        return reserved;
    }

    [LoggerMessage(EventId = 4100, Level = LogLevel.Information,
        Message = "Event {VambeEventId} from sender {Sender} matched {RuleCount} rules (message of {TextLength} characters)")]
    private partial void LogMatched(string vambeEventId, string sender, int ruleCount, int textLength);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning,
        Message = "Event {VambeEventId} matched tag rules but has no sender number, so no tags were sent")]
    private partial void LogNoSender(string vambeEventId);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Vambe did not assign tags {Tags} for event {VambeEventId}")]
    private partial void LogTagsNotAssigned(string vambeEventId, string tags);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Information,
        Message = "Assigned team member {TeamMemberId} for event {VambeEventId} (default member: {IsDefault})")]
    private partial void LogAssigned(string vambeEventId, string teamMemberId, bool isDefault);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Information,
        Message = "Skipped the default team member for event {VambeEventId}: the contact got it within {Hours} hours")]
    private partial void LogDefaultSkipped(string vambeEventId, int hours);
}
