package dev.hangdoctor.diagnosis.redact;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes secrets out of what a report shows: values of command-line options and {@code NAME=value}
 * pairs whose name looks secret ({@code --password=x}, {@code --token x}, {@code
 * AWS_SECRET_ACCESS_KEY=x}, {@code ?api_key=x}), the password of a URL's user-info ({@code
 * postgres://app:<redacted>@db/x}, or the user when there is no password, as a token often is),
 * {@code Authorization:} and other secret-named header values, {@code Bearer} tokens, and the few
 * short options known programs take a password with ({@code mysql -pX}, {@code redis-cli -a X},
 * {@code sshpass -p X}, {@code curl -u user:X}). A pure function; applying it twice changes nothing
 * more. {@link #NONE} keeps everything ({@code --no-redact}).
 */
public final class Redactor {
  /** What replaces a secret. */
  public static final String MARK = "<redacted>";

  /** Redacts (the default of every verb). */
  public static final Redactor DEFAULT = new Redactor(true);

  /** Keeps everything as the process showed it ({@code --no-redact}). */
  public static final Redactor NONE = new Redactor(false);

  /** Name parts that make a name secret on their own: {@code DB_PASS}, {@code --api-key}. */
  private static final Set<String> SECRET_PARTS =
      Set.of(
          "pass",
          "passwd",
          "password",
          "passphrase",
          "pw",
          "pwd",
          "secret",
          "secrets",
          "token",
          "tokens",
          "key",
          "apikey",
          "auth",
          "authorization",
          "credential",
          "credentials",
          "creds",
          "session",
          "sessionid",
          "cookie",
          "cookies",
          "jwt",
          "bearer",
          "private",
          "privatekey",
          "accesskey",
          "otp");

  /** Words that make a name secret wherever they occur in it: {@code PGPASSWORD}, {@code oauth}. */
  private static final List<String> SECRET_WORDS =
      List.of(
          "password",
          "passwd",
          "passphrase",
          "secret",
          "token",
          "apikey",
          "credential",
          "cookie",
          "session",
          "authorization",
          "oauth",
          "privatekey",
          "accesskey");

  /** What every secret name above contains, lower-cased: text with none of them has no secret. */
  private static final List<String> SECRET_FRAGMENTS =
      List.of(
          "pass", "pw", "secret", "token", "key", "auth", "cred", "session", "cookie", "jwt",
          "bearer", "private", "otp");

  /** Values that are never secrets, whatever the name: booleans and none. */
  private static final Set<String> FLAG_LITERALS = Set.of("true", "false", "none", "null");

  /** Names that look secret by the rules above but are not: the shell's working directories. */
  private static final Set<String> NOT_SECRET = Set.of("pwd", "oldpwd");

  /**
   * Programs that take a password with an option whose name does not say so: {@code mysql -pX},
   * {@code redis-cli -a X}, {@code sshpass -p X}, {@code curl -u user:X}.
   */
  private static final Map<String, PasswordOption> PASSWORD_OPTIONS =
      Map.ofEntries(
          Map.entry("mysql", PasswordOption.MYSQL),
          Map.entry("mysqldump", PasswordOption.MYSQL),
          Map.entry("mysqladmin", PasswordOption.MYSQL),
          Map.entry("mariadb", PasswordOption.MYSQL),
          Map.entry("mariadb-dump", PasswordOption.MYSQL),
          Map.entry("redis-cli", new PasswordOption(Set.of("-a"), false, false)),
          Map.entry("sshpass", new PasswordOption(Set.of("-p"), false, false)),
          Map.entry("curl", new PasswordOption(Set.of("-u", "--user"), false, true)));

  /** A plain option or variable name, as the part before {@code =} in one argument. */
  private static final Pattern PLAIN_NAME = Pattern.compile("-{0,2}[A-Za-z_][A-Za-z0-9_.-]*");

  private static final Pattern URL_USER_INFO =
      Pattern.compile("\\b([A-Za-z][A-Za-z0-9+.-]*://)([^/\\s:@?#]*)(?::([^/\\s@?#]*))?@");

  /** {@code NAME=value}: an option, an environment entry, a query parameter. */
  private static final Pattern ASSIGNMENT =
      Pattern.compile("(?<![A-Za-z0-9_.-])(-{0,2}[A-Za-z_][A-Za-z0-9_.-]*)=([^\\s&;\"']*)");

  /** {@code "name": "value"}, as in a JSON argument. */
  private static final Pattern JSON_MEMBER =
      Pattern.compile("\"([A-Za-z_][A-Za-z0-9_.-]*)\"(\\s*:\\s*)\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** {@code Authorization: Bearer abc}, {@code X-Api-Key: abc}, {@code Cookie: a=b}. */
  private static final Pattern HEADER =
      Pattern.compile(
          "(?<![A-Za-z0-9_-])([A-Za-z][A-Za-z0-9_-]*)(:[ \\t]*)"
              + "((?:(?:Bearer|Basic|Digest|Token|Negotiate|Bot)[ \\t]+)?[^\\s\"']+)");

  private static final Pattern BEARER =
      Pattern.compile("\\b(Bearer[ \\t]+)(?!" + Pattern.quote(MARK) + ")[A-Za-z0-9._~+/=-]{8,}");

  private static final Pattern NAME_PARTS = Pattern.compile("[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])");

  private final boolean enabled;

  private Redactor(boolean enabled) {
    this.enabled = enabled;
  }

  /** True unless this is {@link #NONE}. */
  public boolean enabled() {
    return enabled;
  }

  /**
   * A command line with its secrets replaced: option values and {@code NAME=value} entries with a
   * secret name, the argument after a secret-named option ({@code --password X}, unless it is an
   * option itself), the program's known password options, and whatever {@link #text} finds in each
   * argument.
   */
  public List<String> argv(List<String> argv) {
    if (!enabled || argv.isEmpty()) {
      return argv;
    }
    PasswordOption passwordOption = PASSWORD_OPTIONS.get(programName(argv.get(0)));
    List<String> out = new ArrayList<>(argv.size());
    out.add(text(argv.get(0)));
    String pendingValue = null;
    for (String arg : argv.subList(1, argv.size())) {
      if (pendingValue != null && !arg.startsWith("-")) {
        out.add(pendingValue.equals("user") ? userPart(arg) : MARK);
        pendingValue = null;
        continue;
      }
      pendingValue = null;
      if (passwordOption != null) {
        String option = passwordOption.optionOf(arg);
        if (option != null && arg.length() > option.length()) {
          int start = arg.charAt(option.length()) == '=' ? option.length() + 1 : option.length();
          String value = arg.substring(start);
          out.add(
              arg.substring(0, start)
                  + (passwordOption.userColonPassword() ? userPart(value) : MARK));
          continue;
        }
        if (option != null && !passwordOption.gluedOnly()) {
          pendingValue = passwordOption.userColonPassword() ? "user" : "secret";
          out.add(arg);
          continue;
        }
      }
      int equals = arg.indexOf('=');
      if (equals > 0
          && PLAIN_NAME.matcher(arg.substring(0, equals)).matches()
          && isSecretName(stripDashes(arg.substring(0, equals)))) {
        out.add(arg.substring(0, equals + 1) + MARK);
        continue;
      }
      if (arg.startsWith("--")
          && equals < 0
          && PLAIN_NAME.matcher(arg).matches()
          && isSecretName(stripDashes(arg))
          && !isFlagWord(arg)) {
        pendingValue = "secret";
      }
      out.add(text(arg));
    }
    return out;
  }

  /**
   * Free text (a thread name, a path, a finding's evidence line, a URL) with its secrets replaced:
   * URL user-info, secret-named {@code NAME=value} pairs, header values and {@code Bearer} tokens.
   */
  public String text(String text) {
    if (!enabled || text == null) {
      return text;
    }
    boolean url = text.indexOf('@') >= 0 && text.contains("://");
    boolean named = mentionsSecretName(text);
    if (!url && !named) {
      return text; // most evidence: socket:[123], worker-7, /usr/lib/python3.12/…
    }
    String result = url ? replaceUserInfo(text) : text;
    if (named) {
      result = replaceSecretValues(ASSIGNMENT, result, 1, 2, "=");
      result = replaceJsonMembers(result);
      result = replaceHeaders(result);
      result = BEARER.matcher(result).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MARK));
    }
    return result;
  }

  /** Each element through {@link #text}. */
  public List<String> texts(List<String> texts) {
    if (!enabled) {
      return texts;
    }
    List<String> out = new ArrayList<>(texts.size());
    for (String text : texts) {
      out.add(text(text));
    }
    return out;
  }

  /**
   * True when a name of an option, variable, parameter or header looks like it holds a secret:
   * {@code password}, {@code DB_PASS}, {@code apiKey}, {@code GITHUB_TOKEN}, {@code Authorization},
   * {@code SESSION_ID}, {@code Cookie}, … (the list is in the README).
   */
  public static boolean isSecretName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (NOT_SECRET.contains(lower)) {
      return false;
    }
    for (String word : SECRET_WORDS) {
      if (lower.contains(word)) {
        return true;
      }
    }
    for (String part : NAME_PARTS.split(name)) {
      if (SECRET_PARTS.contains(part.toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Cheap pre-check, since evidence holds thousands of strings: only text that contains a piece of
   * a secret name ({@link #SECRET_FRAGMENTS}) can hold a name = value, a header or a token.
   */
  private static boolean mentionsSecretName(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    for (String fragment : SECRET_FRAGMENTS) {
      if (lower.contains(fragment)) {
        return true;
      }
    }
    return false;
  }

  private static String replaceUserInfo(String text) {
    Matcher m = URL_USER_INFO.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement =
          m.group(3) != null ? m.group(1) + m.group(2) + ":" + MARK + "@" : m.group(1) + MARK + "@";
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String replaceSecretValues(
      Pattern pattern, String text, int nameGroup, int valueGroup, String separator) {
    Matcher m = pattern.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(nameGroup);
      String replacement =
          isSecretName(stripDashes(name))
                  && !m.group(valueGroup).isEmpty()
                  && !isFlagLiteral(m.group(valueGroup))
              ? name + separator + MARK
              : m.group();
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * A boolean or none, which no secret is: {@code start_new_session=True}, {@code
   * --keep-session=false} (trailing punctuation of the sentence around it aside).
   */
  private static boolean isFlagLiteral(String value) {
    String bare = value.replaceAll("[,.;:)\\]}]+$", "").toLowerCase(Locale.ROOT);
    return FLAG_LITERALS.contains(bare);
  }

  private static String replaceJsonMembers(String text) {
    Matcher m = JSON_MEMBER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement =
          isSecretName(m.group(1))
              ? "\"" + m.group(1) + "\"" + m.group(2) + "\"" + MARK + "\""
              : m.group();
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String replaceHeaders(String text) {
    Matcher m = HEADER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      boolean secret =
          isSecretName(m.group(1)) && !m.group(3).startsWith("//") && !m.group(3).startsWith(MARK);
      String replacement = secret ? m.group(1) + m.group(2) + MARK : m.group();
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** {@code user:secret} as {@code user:<redacted>}; a value without a colon entirely. */
  private static String userPart(String value) {
    int colon = value.indexOf(':');
    return colon < 0 ? MARK : value.substring(0, colon + 1) + MARK;
  }

  private static String stripDashes(String name) {
    int start = 0;
    while (start < name.length() && name.charAt(start) == '-') {
      start++;
    }
    return name.substring(start);
  }

  /**
   * Options named like a secret that take no value: {@code --password-stdin}, {@code
   * --no-password}, {@code --ask-pass}.
   */
  private static boolean isFlagWord(String option) {
    String lower = option.toLowerCase(Locale.ROOT);
    return lower.startsWith("--no-")
        || lower.endsWith("-stdin")
        || lower.endsWith("-file")
        || lower.startsWith("--ask")
        || lower.endsWith("-prompt");
  }

  private static String programName(String program) {
    return program.substring(program.lastIndexOf('/') + 1);
  }

  /**
   * A program's password options: their names, whether the value must be glued to the option
   * ({@code -pX}: a lone {@code -p} makes mysql prompt), and whether it is {@code user:password}.
   */
  private record PasswordOption(Set<String> options, boolean gluedOnly, boolean userColonPassword) {
    static final PasswordOption MYSQL = new PasswordOption(Set.of("-p"), true, false);

    /** The option {@code arg} is or starts with (a short one glued to its value), or null. */
    String optionOf(String arg) {
      for (String option : options) {
        if (arg.equals(option)
            || arg.startsWith(option + "=")
            || (option.length() == 2 && arg.startsWith(option))) {
          return option;
        }
      }
      return null;
    }
  }
}
