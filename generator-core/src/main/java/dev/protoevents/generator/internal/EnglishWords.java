package dev.protoevents.generator.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The English the naming rules read: which words are past participles, which are base verbs (and
 * their participles), particles of phrasal verbs, prepositions, action nouns. Capitalized words, as
 * {@link NamingRules#words(String)} splits them. Immutable; safe to share between threads.
 */
final class EnglishWords {
  private EnglishWords() {}

  /** Base verb to past participle, where the participle does not follow the -ed rules. */
  private static final Map<String, String> IRREGULAR = new HashMap<>();

  static {
    String[] pairs = {
      "Arise Arisen",
      "Bear Borne",
      "Beat Beaten",
      "Become Become",
      "Begin Begun",
      "Bend Bent",
      "Bet Bet",
      "Bid Bid",
      "Bind Bound",
      "Bite Bitten",
      "Blow Blown",
      "Break Broken",
      "Bring Brought",
      "Broadcast Broadcast",
      "Build Built",
      "Burn Burnt",
      "Burst Burst",
      "Buy Bought",
      "Cast Cast",
      "Catch Caught",
      "Choose Chosen",
      "Come Come",
      "Cut Cut",
      "Deal Dealt",
      "Dig Dug",
      "Do Done",
      "Draw Drawn",
      "Drink Drunk",
      "Drive Driven",
      "Eat Eaten",
      "Fall Fallen",
      "Feel Felt",
      "Fight Fought",
      "Find Found",
      "Flee Fled",
      "Fly Flown",
      "Forbid Forbidden",
      "Forget Forgotten",
      "Forgive Forgiven",
      "Freeze Frozen",
      "Give Given",
      "Go Gone",
      "Grow Grown",
      "Hang Hung",
      "Hear Heard",
      "Hide Hidden",
      "Hit Hit",
      "Hold Held",
      "Hurt Hurt",
      "Keep Kept",
      "Know Known",
      "Lay Laid",
      "Lead Led",
      "Lend Lent",
      "Leave Left",
      "Let Let",
      "Lose Lost",
      "Make Made",
      "Mean Meant",
      "Meet Met",
      "Mislay Mislaid",
      "Mislead Misled",
      "Overcome Overcome",
      "Override Overridden",
      "Oversee Overseen",
      "Overtake Overtaken",
      "Overwrite Overwritten",
      "Pay Paid",
      "Prepay Prepaid",
      "Put Put",
      "Quit Quit",
      "Read Read",
      "Rebind Rebound",
      "Rebuild Rebuilt",
      "Redo Redone",
      "Remake Remade",
      "Repay Repaid",
      "Reread Reread",
      "Rerun Rerun",
      "Resell Resold",
      "Resend Resent",
      "Reset Reset",
      "Retake Retaken",
      "Rewrite Rewritten",
      "Ride Ridden",
      "Ring Rung",
      "Rise Risen",
      "Run Run",
      "Say Said",
      "See Seen",
      "Seek Sought",
      "Sell Sold",
      "Send Sent",
      "Set Set",
      "Shake Shaken",
      "Shoot Shot",
      "Show Shown",
      "Shrink Shrunk",
      "Shut Shut",
      "Sing Sung",
      "Sink Sunk",
      "Sleep Slept",
      "Slide Slid",
      "Speak Spoken",
      "Spend Spent",
      "Spin Spun",
      "Split Split",
      "Spread Spread",
      "Stand Stood",
      "Steal Stolen",
      "Stick Stuck",
      "Strike Struck",
      "Swear Sworn",
      "Sweep Swept",
      "Swim Swum",
      "Swing Swung",
      "Sync Synced",
      "Take Taken",
      "Teach Taught",
      "Tear Torn",
      "Tell Told",
      "Think Thought",
      "Throw Thrown",
      "Unbind Unbound",
      "Undergo Undergone",
      "Understand Understood",
      "Undertake Undertaken",
      "Underwrite Underwritten",
      "Undo Undone",
      "Unfreeze Unfrozen",
      "Unset Unset",
      "Uphold Upheld",
      "Upset Upset",
      "Wake Woken",
      "Wear Worn",
      "Weave Woven",
      "Win Won",
      "Withdraw Withdrawn",
      "Withhold Withheld",
      "Withstand Withstood",
      "Write Written",
      "Outbid Outbid",
      "Misread Misread"
    };
    for (String pair : pairs) {
      String[] parts = pair.split(" ");
      IRREGULAR.put(parts[0], parts[1]);
    }
  }

  /** Past participles that do not end in -ed, beyond those of {@link #IRREGULAR}. */
  private static final Set<String> PARTICIPLES = new HashSet<>(IRREGULAR.values());

  static {
    PARTICIPLES.addAll(
        List.of(
            "Born", "Gotten", "Learnt", "Spelt", "Spilt", "Proven", "Wed", "Fed", "Bred", "Sped",
            "Bled"));
  }

  /** Prefixes that keep a participle a participle: Re+paid, Over+written, Un+bound. */
  private static final List<String> PREFIXES =
      List.of("Re", "Un", "Pre", "Over", "Under", "Mis", "Out", "Up", "With", "Co", "Sub", "Fore");

  /** Words ending in -eed that are participles (the others, Succeed, Exceed, Need, are not). */
  private static final Set<String> EED_PARTICIPLES =
      Set.of("Agreed", "Disagreed", "Freed", "Guaranteed", "Decreed", "Refereed");

  /** Words that end in -ed but are not past participles. */
  private static final Set<String> NOT_PARTICIPLES =
      Set.of(
          "Bed",
          "Red",
          "Shed",
          "Embed",
          "Hundred",
          "Kindred",
          "Sacred",
          "Naked",
          "Wicked",
          "Shred",
          "Sled",
          "Med",
          "Infrared",
          "Ted",
          "Fred",
          "Ned",
          "Ed");

  /** Verbs that double their last consonant: Ship, Shipped. */
  private static final Set<String> DOUBLING =
      Set.of(
          "Ban",
          "Cancel",
          "Chat",
          "Commit",
          "Admit",
          "Control",
          "Drop",
          "Emit",
          "Enrol",
          "Equip",
          "Flag",
          "Grab",
          "Log",
          "Map",
          "Omit",
          "Patrol",
          "Permit",
          "Pin",
          "Plan",
          "Plug",
          "Prefer",
          "Refer",
          "Occur",
          "Remit",
          "Scan",
          "Ship",
          "Shop",
          "Skip",
          "Slip",
          "Snap",
          "Step",
          "Stop",
          "Strip",
          "Submit",
          "Swap",
          "Tag",
          "Tap",
          "Top",
          "Transfer",
          "Trim",
          "Unplug",
          "Unzip",
          "Wrap",
          "Unwrap",
          "Zip",
          "Format",
          "Rob",
          "Rebut",
          "Acquit");

  /** Base verbs a name may use in the present tense or the imperative. */
  private static final Set<String> BASE_VERBS = new HashSet<>(IRREGULAR.keySet());

  static {
    BASE_VERBS.addAll(
        List.of(
            "Accept",
            "Acknowledge",
            "Activate",
            "Add",
            "Adjust",
            "Allocate",
            "Amend",
            "Announce",
            "Apply",
            "Approve",
            "Archive",
            "Arrive",
            "Assess",
            "Assign",
            "Attach",
            "Audit",
            "Authenticate",
            "Authorize",
            "Authorise",
            "Award",
            "Ban",
            "Bill",
            "Block",
            "Book",
            "Borrow",
            "Calculate",
            "Cancel",
            "Capture",
            "Change",
            "Charge",
            "Check",
            "Claim",
            "Clear",
            "Close",
            "Collect",
            "Commit",
            "Complete",
            "Configure",
            "Confirm",
            "Connect",
            "Consume",
            "Convert",
            "Copy",
            "Correct",
            "Create",
            "Credit",
            "Deactivate",
            "Debit",
            "Decline",
            "Decrease",
            "Decrypt",
            "Delete",
            "Deliver",
            "Deny",
            "Deploy",
            "Deposit",
            "Detach",
            "Detect",
            "Disable",
            "Disconnect",
            "Dispatch",
            "Dispute",
            "Download",
            "Drop",
            "Edit",
            "Enable",
            "Encrypt",
            "End",
            "Enroll",
            "Enrol",
            "Enter",
            "Escalate",
            "Evaluate",
            "Exceed",
            "Execute",
            "Expire",
            "Export",
            "Extend",
            "Fail",
            "Finish",
            "Fire",
            "Fix",
            "Flag",
            "Follow",
            "Fulfill",
            "Fulfil",
            "Generate",
            "Grant",
            "Hire",
            "Import",
            "Increase",
            "Initiate",
            "Insert",
            "Install",
            "Invite",
            "Invoice",
            "Issue",
            "Join",
            "Launch",
            "Link",
            "Load",
            "Lock",
            "Log",
            "Mark",
            "Match",
            "Merge",
            "Migrate",
            "Modify",
            "Move",
            "Notify",
            "Onboard",
            "Offboard",
            "Open",
            "Order",
            "Pack",
            "Pause",
            "Pick",
            "Place",
            "Plan",
            "Post",
            "Prepare",
            "Print",
            "Process",
            "Proceed",
            "Provision",
            "Publish",
            "Purchase",
            "Qualify",
            "Queue",
            "Raise",
            "Rate",
            "Receive",
            "Record",
            "Redeem",
            "Refund",
            "Register",
            "Reject",
            "Release",
            "Remind",
            "Remove",
            "Rename",
            "Renew",
            "Reopen",
            "Reorder",
            "Replace",
            "Reply",
            "Report",
            "Reschedule",
            "Reserve",
            "Resolve",
            "Restore",
            "Resume",
            "Retire",
            "Retry",
            "Return",
            "Revert",
            "Review",
            "Revoke",
            "Reward",
            "Save",
            "Scan",
            "Schedule",
            "Score",
            "Select",
            "Settle",
            "Ship",
            "Sign",
            "Skip",
            "Start",
            "Stop",
            "Store",
            "Submit",
            "Subscribe",
            "Succeed",
            "Suspend",
            "Swap",
            "Switch",
            "Tag",
            "Terminate",
            "Track",
            "Transfer",
            "Trigger",
            "Unblock",
            "Unlink",
            "Unlock",
            "Unsubscribe",
            "Update",
            "Upgrade",
            "Upload",
            "Upsert",
            "Validate",
            "Verify",
            "View",
            "Void",
            "Vote",
            "Achieve",
            "Allow",
            "Assemble",
            "Bounce",
            "Disburse",
            "Dismiss",
            "Empty",
            "Expose",
            "Fund",
            "Ingest",
            "Label",
            "Mute",
            "Notice",
            "Obtain",
            "Pass",
            "Pend",
            "Promote",
            "Quote",
            "Reach",
            "Recover",
            "Refill",
            "Refresh",
            "Reinstate",
            "Repair",
            "Replenish",
            "Request",
            "Rotate",
            "Sort",
            "Split",
            "Stage",
            "Unmute",
            "Unpublish",
            "Verify",
            "Waive",
            "Warn"));
  }

  /**
   * Words that, first in an event name, almost always name the entity although they can be verbs:
   * {@code OrderStatus} is no imperative "order the status".
   */
  private static final Set<String> NOUN_FIRST =
      Set.of(
          "Order",
          "Account",
          "Record",
          "Report",
          "Invoice",
          "Issue",
          "Log",
          "Store",
          "Loan",
          "Deposit",
          "Credit",
          "Debit",
          "Claim",
          "Bill",
          "Plan",
          "Schedule",
          "Quote",
          "Review",
          "Vote",
          "Score",
          "Queue",
          "Post",
          "Match",
          "Label",
          "Fund",
          "Link",
          "Lock",
          "Load",
          "Request",
          "Reward",
          "Dispute",
          "Deal",
          "Draw",
          "Show",
          "Bid",
          "Bet",
          "Change",
          "Copy",
          "Mark",
          "Sign",
          "Pass",
          "Stage",
          "View",
          "Rate");

  /** Particles of phrasal verbs: Logged In, Set Up, Checked Out. */
  static final Set<String> PARTICLES =
      Set.of("In", "Out", "Up", "Down", "Off", "On", "Over", "Back", "Away", "Through", "Around");

  /** Words that start a phrase after the verb: Cancelled By Customer, Added To Cart. */
  static final Set<String> PREPOSITIONS =
      Set.of(
          "By", "For", "From", "To", "Via", "At", "With", "Without", "Into", "Onto", "Due", "After",
          "Before", "During", "Within", "Between", "Under", "Against", "Per", "As");

  /** Adverbs that may follow the verb: Placed Online, Captured Partially. */
  private static final Set<String> ADVERBS =
      Set.of("Online", "Offline", "Again", "Early", "Late", "Twice", "Externally", "Manually");

  /** Nouns of a verb phrase written as one word, and the past phrase they stand for. */
  private static final Map<String, List<String>> PHRASAL_NOUNS =
      Map.ofEntries(
          Map.entry("Login", List.of("Logged", "In")),
          Map.entry("Logon", List.of("Logged", "On")),
          Map.entry("Logout", List.of("Logged", "Out")),
          Map.entry("Logoff", List.of("Logged", "Off")),
          Map.entry("Signup", List.of("Signed", "Up")),
          Map.entry("Signin", List.of("Signed", "In")),
          Map.entry("Signout", List.of("Signed", "Out")),
          Map.entry("Checkout", List.of("Checked", "Out")),
          Map.entry("Checkin", List.of("Checked", "In")),
          Map.entry("Setup", List.of("Set", "Up")),
          Map.entry("Pickup", List.of("Picked", "Up")),
          Map.entry("Rollback", List.of("Rolled", "Back")),
          Map.entry("Rollout", List.of("Rolled", "Out")),
          Map.entry("Shutdown", List.of("Shut", "Down")),
          Map.entry("Backup", List.of("Backed", "Up")),
          Map.entry("Cleanup", List.of("Cleaned", "Up")),
          Map.entry("Payout", List.of("Paid", "Out")),
          Map.entry("Handover", List.of("Handed", "Over")),
          Map.entry("Takeover", List.of("Taken", "Over")),
          Map.entry("Writeoff", List.of("Written", "Off")),
          Map.entry("Markdown", List.of("Marked", "Down")),
          Map.entry("Topup", List.of("Topped", "Up")),
          Map.entry("Dropoff", List.of("Dropped", "Off")));

  /** Nouns of an action and the participle they stand for: Creation, Created. */
  private static final Map<String, String> ACTION_NOUNS =
      Map.ofEntries(
          Map.entry("Creation", "Created"),
          Map.entry("Deletion", "Deleted"),
          Map.entry("Completion", "Completed"),
          Map.entry("Cancellation", "Cancelled"),
          Map.entry("Registration", "Registered"),
          Map.entry("Confirmation", "Confirmed"),
          Map.entry("Activation", "Activated"),
          Map.entry("Deactivation", "Deactivated"),
          Map.entry("Verification", "Verified"),
          Map.entry("Validation", "Validated"),
          Map.entry("Modification", "Modified"),
          Map.entry("Submission", "Submitted"),
          Map.entry("Approval", "Approved"),
          Map.entry("Rejection", "Rejected"),
          Map.entry("Renewal", "Renewed"),
          Map.entry("Removal", "Removed"),
          Map.entry("Addition", "Added"),
          Map.entry("Suspension", "Suspended"),
          Map.entry("Termination", "Terminated"),
          Map.entry("Expiration", "Expired"),
          Map.entry("Expiry", "Expired"),
          Map.entry("Arrival", "Arrived"),
          Map.entry("Delivery", "Delivered"),
          Map.entry("Shipment", "Shipped"),
          Map.entry("Failure", "Failed"),
          Map.entry("Success", "Succeeded"),
          Map.entry("Change", "Changed"),
          Map.entry("Update", "Updated"),
          Map.entry("Payment", "Paid"),
          Map.entry("Withdrawal", "Withdrawn"),
          Map.entry("Refund", "Refunded"));

  /** True for a word that is a past participle: Created, Paid, Bound, Repaid, Agreed. */
  static boolean isParticiple(String word) {
    if (PARTICIPLES.contains(word)) {
      return true;
    }
    for (String prefix : PREFIXES) {
      if (word.length() > prefix.length() + 2 && word.startsWith(prefix)) {
        String rest = word.substring(prefix.length());
        String capitalized = Character.toUpperCase(rest.charAt(0)) + rest.substring(1);
        if (PARTICIPLES.contains(capitalized)) {
          return true;
        }
      }
    }
    if (word.length() <= 3 || !word.endsWith("ed") || NOT_PARTICIPLES.contains(word)) {
      return false;
    }
    if (word.endsWith("eed")) {
      return EED_PARTICIPLES.contains(word)
          || EED_PARTICIPLES.stream().anyMatch(p -> word.endsWith(p.toLowerCase()));
    }
    return true;
  }

  static boolean isParticle(String word) {
    return PARTICLES.contains(word);
  }

  static boolean isPreposition(String word) {
    return PREPOSITIONS.contains(word);
  }

  static boolean isAdverb(String word) {
    return ADVERBS.contains(word) || (word.length() > 4 && word.endsWith("ly"));
  }

  static boolean isBaseVerb(String word) {
    return BASE_VERBS.contains(word);
  }

  static boolean readsAsNounFirst(String word) {
    return NOUN_FIRST.contains(word) || !BASE_VERBS.contains(word);
  }

  /** The past participle of a base verb: Create, Created; Ship, Shipped; Pay, Paid. */
  static String participle(String base) {
    String irregular = IRREGULAR.get(base);
    if (irregular != null) {
      return irregular;
    }
    if (DOUBLING.contains(base)) {
      return base + base.charAt(base.length() - 1) + "ed";
    }
    if (base.endsWith("e")) {
      return base + "d";
    }
    if (base.endsWith("y") && base.length() > 1 && !isVowel(base.charAt(base.length() - 2))) {
      return base.substring(0, base.length() - 1) + "ied";
    }
    return base + "ed";
  }

  /**
   * The past phrase a word stands for when it is not a base verb: a phrasal noun (Login, Logged
   * In), an action noun (Creation, Created), a gerund (Processing, Processed) or a third-person
   * verb (Succeeds, Succeeded).
   */
  static Optional<List<String>> pastPhraseOf(String word) {
    if (PHRASAL_NOUNS.containsKey(word)) {
      return Optional.of(PHRASAL_NOUNS.get(word));
    }
    if (ACTION_NOUNS.containsKey(word)) {
      return Optional.of(List.of(ACTION_NOUNS.get(word)));
    }
    if (word.endsWith("ing") && word.length() > 5) {
      String stem = word.substring(0, word.length() - 3);
      for (String candidate : List.of(stem, stem + "e", stem.substring(0, stem.length() - 1))) {
        if (BASE_VERBS.contains(candidate)) {
          return Optional.of(List.of(participle(candidate)));
        }
      }
    }
    if (word.endsWith("s") && word.length() > 3) {
      for (String candidate :
          List.of(word.substring(0, word.length() - 1), word.substring(0, word.length() - 2))) {
        if (BASE_VERBS.contains(candidate) && !NOUN_FIRST.contains(candidate)) {
          return Optional.of(List.of(participle(candidate)));
        }
      }
    }
    return Optional.empty();
  }

  private static boolean isVowel(char c) {
    return "aeiouAEIOU".indexOf(c) >= 0;
  }
}
