//! Loading a form definition: checking it, naming the row of every problem, and compiling it
//! into a [`Form`] with parsed expressions, a dependency graph and screens.

use crate::expr::{self, Expr, ParseError, RegexCache};
use crate::form::{Choice, DefaultValue, FormDefinition, Range, Required, Row, Text};
use crate::graph::Graph;
use crate::lang::Lang;
use std::collections::{BTreeSet, HashMap};
use std::fmt;

/// A checked, compiled form, ready to run interviews and validate submissions.
#[derive(Debug, Clone)]
pub struct Form {
    definition: FormDefinition,
    default_language: Lang,
    nodes: Vec<Node>,
    by_name: HashMap<String, usize>,
    graph: Graph,
    screens: Vec<Screen>,
    /// The screen each node is shown on (none for groups and calculations).
    screen_of: Vec<Option<usize>>,
    /// Consent questions and questions with an eligibility condition: where an interview can end
    /// early, in form order.
    endings: Vec<usize>,
    regexes: RegexCache,
}

/// One survey row other than `end_group`: a group, a question, a note or a calculation.
#[derive(Debug, Clone)]
pub struct Node {
    pub name: String,
    pub kind: NodeKind,
    /// 1-based position of the row in the definition's `survey`, for messages.
    pub row: usize,
    /// The enclosing group.
    pub parent: Option<usize>,
    pub label: Option<Text>,
    pub hint: Option<Text>,
    pub appearance: Option<String>,
    pub required: Condition,
    pub relevant: Option<Expr>,
    pub constraint: Option<Expr>,
    pub constraint_message: Option<Text>,
    pub calculation: Option<Expr>,
    pub choice_filter: Option<Expr>,
    pub range: Option<Range>,
    pub default: Option<DefaultValue>,
    pub eligibility: Option<Expr>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    Group,
    Note,
    Calculate,
    Question(QuestionType),
}

/// The type of an answerable question; select types name their choice list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuestionType {
    Text,
    Integer,
    Decimal,
    Date,
    Geopoint,
    SelectOne(String),
    SelectMultiple(String),
    /// A `select_one` shown as a row of large buttons (Likert).
    Scale(String),
    /// A `select_one` with `yes` and `no` whose `no` ends the interview as a refusal.
    Consent(String),
}

impl QuestionType {
    /// The choice list, for the select types.
    pub fn list(&self) -> Option<&str> {
        match self {
            QuestionType::SelectOne(list)
            | QuestionType::SelectMultiple(list)
            | QuestionType::Scale(list)
            | QuestionType::Consent(list) => Some(list),
            _ => None,
        }
    }

    /// The answer's shape on the wire, for messages: `text`, `number`, `choice`, ...
    pub fn wire_shape(&self) -> &'static str {
        match self {
            QuestionType::Text => "text",
            QuestionType::Integer => "whole number",
            QuestionType::Decimal => "number",
            QuestionType::Date => "date (YYYY-MM-DD)",
            QuestionType::Geopoint => "geopoint ({lat, lon, accuracy})",
            QuestionType::SelectMultiple(_) => "array of choice codes",
            QuestionType::SelectOne(_) | QuestionType::Scale(_) | QuestionType::Consent(_) => {
                "choice code"
            }
        }
    }
}

/// `required`, compiled.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    Never,
    Always,
    When(Expr),
}

/// One screen of the interview: a top-level group, or a top-level question on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Screen {
    /// The group shown as this screen, if any.
    pub group: Option<usize>,
    /// The questions and notes on the screen, in form order (calculations are never shown).
    pub nodes: Vec<usize>,
}

/// Why a definition could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("the form definition does not match the form model: {0}")]
    Json(#[from] serde_json::Error),
    #[error("the form definition has {} problem(s): {}", .0.len(), join(.0))]
    Invalid(Vec<DefinitionError>),
}

fn join(errors: &[DefinitionError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

impl LoadError {
    /// The problems found, empty for a JSON error.
    pub fn problems(&self) -> &[DefinitionError] {
        match self {
            LoadError::Json(_) => &[],
            LoadError::Invalid(errors) => errors,
        }
    }
}

/// Where in the definition a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    Form,
    /// A survey row: its 1-based position and its name (empty when it has none).
    Row {
        row: usize,
        name: String,
    },
    /// A choice list, and the 1-based position of the choice when it is about one.
    ChoiceList {
        list: String,
        choice: Option<usize>,
    },
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Form => f.write_str("form"),
            Location::Row { row, name } if name.is_empty() => write!(f, "survey row {row}"),
            Location::Row { row, name } => write!(f, "survey row {row} (`{name}`)"),
            Location::ChoiceList { list, choice: None } => write!(f, "choice list `{list}`"),
            Location::ChoiceList {
                list,
                choice: Some(i),
            } => write!(f, "choice {i} of list `{list}`"),
        }
    }
}

/// The expression columns of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Relevant,
    Constraint,
    Calculation,
    ChoiceFilter,
    Required,
    Eligibility,
}

impl Column {
    pub fn as_str(self) -> &'static str {
        match self {
            Column::Relevant => "relevant",
            Column::Constraint => "constraint",
            Column::Calculation => "calculation",
            Column::ChoiceFilter => "choice_filter",
            Column::Required => "required",
            Column::Eligibility => "eligibility",
        }
    }
}

impl fmt::Display for Column {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem in a definition, and where it is.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{location}: {kind}")]
pub struct DefinitionError {
    pub location: Location,
    pub kind: DefinitionErrorKind,
}

impl DefinitionError {
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DefinitionErrorKind {
    #[error("the form needs a non-empty `{0}`")]
    MissingField(&'static str),
    #[error(
        "the form declares no languages, or one twice, or a default language it does not declare"
    )]
    InvalidLanguages,
    #[error("unknown type `{0}`")]
    UnknownType(String),
    #[error("`{0}` is not a valid name (a letter or `_`, then letters, digits, `_`, `-` or `.`)")]
    InvalidName(String),
    #[error("the name `{0}` is used by an earlier row")]
    DuplicateName(String),
    #[error("`end_group` without a matching `begin_group`")]
    UnmatchedEndGroup,
    #[error("`begin_group` is never closed by `end_group`")]
    UnclosedGroup,
    #[error("choice list `{0}` does not exist")]
    MissingChoiceList(String),
    #[error("the choice list is empty")]
    EmptyChoiceList,
    #[error("the choice code `{0}` is empty, has spaces, or is used twice in the list")]
    InvalidChoiceCode(String),
    #[error("a consent question's list must have the codes `yes` and `no`")]
    InvalidConsentList,
    #[error("`{column}` does not parse, at column {}: {}", .error.column, .error.kind)]
    Expression { column: Column, error: ParseError },
    #[error(
        "`{column}` refers to `${{{name}}}`, which is not a question or calculation of this form"
    )]
    UnknownReference { column: Column, name: String },
    #[error("`{column}` reads `{name}`, which is not a property of any choice in the list")]
    UnknownChoiceProperty { column: Column, name: String },
    #[error("`{column}` uses `.`, which only means something in a constraint or eligibility")]
    MisplacedCurrent { column: Column },
    #[error(
        "`{column}` uses a bare name (`{name}`), which only means something in a choice_filter"
    )]
    MisplacedProperty { column: Column, name: String },
    #[error("the regular expression `{pattern}` in `{column}` does not compile: {message}")]
    InvalidRegex {
        column: Column,
        pattern: String,
        message: String,
    },
    #[error("calculations and relevance conditions depend on each other in a cycle: {}", .0.join(" -> "))]
    CalculationCycle(Vec<String>),
    #[error("the {0} is missing")]
    MissingLabel(&'static str),
    #[error("the {field} has no text in `{lang}`, a language the form declares")]
    MissingTranslation { field: &'static str, lang: Lang },
    #[error("a calculate row needs a `calculation`")]
    MissingCalculation,
    #[error("`{0}` does not apply to a row of this type")]
    MisplacedColumn(&'static str),
    #[error("the range's `min` is above its `max`, or a bound is not a finite number")]
    InvalidRange,
    #[error("the default answer does not fit the question")]
    InvalidDefault,
}

impl DefinitionErrorKind {
    /// A stable `snake_case` code, for tools that report these problems in other languages.
    pub fn code(&self) -> &'static str {
        match self {
            DefinitionErrorKind::MissingField(_) => "missing_field",
            DefinitionErrorKind::InvalidLanguages => "invalid_languages",
            DefinitionErrorKind::UnknownType(_) => "unknown_type",
            DefinitionErrorKind::InvalidName(_) => "invalid_name",
            DefinitionErrorKind::DuplicateName(_) => "duplicate_name",
            DefinitionErrorKind::UnmatchedEndGroup | DefinitionErrorKind::UnclosedGroup => {
                "unbalanced_group"
            }
            DefinitionErrorKind::MissingChoiceList(_) => "missing_choice_list",
            DefinitionErrorKind::EmptyChoiceList => "empty_choice_list",
            DefinitionErrorKind::InvalidChoiceCode(_) => "invalid_choice_code",
            DefinitionErrorKind::InvalidConsentList => "invalid_consent_list",
            DefinitionErrorKind::Expression { .. } => "expression_syntax",
            DefinitionErrorKind::UnknownReference { .. }
            | DefinitionErrorKind::UnknownChoiceProperty { .. } => "unknown_reference",
            DefinitionErrorKind::MisplacedCurrent { .. }
            | DefinitionErrorKind::MisplacedProperty { .. } => "misplaced_reference",
            DefinitionErrorKind::InvalidRegex { .. } => "invalid_regex",
            DefinitionErrorKind::CalculationCycle(_) => "calculation_cycle",
            DefinitionErrorKind::MissingLabel(_) => "missing_label",
            DefinitionErrorKind::MissingTranslation { .. } => "missing_translation",
            DefinitionErrorKind::MissingCalculation => "missing_calculation",
            DefinitionErrorKind::MisplacedColumn(_) => "misplaced_column",
            DefinitionErrorKind::InvalidRange => "invalid_range",
            DefinitionErrorKind::InvalidDefault => "invalid_default",
        }
    }
}

/// A row's parsed `type`.
enum RowType {
    BeginGroup,
    EndGroup,
    Node(NodeKind),
}

fn parse_type(text: &str) -> Option<RowType> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let kind = match words.as_slice() {
        ["begin_group" | "begin group"] | ["begin", "group"] => return Some(RowType::BeginGroup),
        ["end_group" | "end group"] | ["end", "group"] => return Some(RowType::EndGroup),
        ["note"] => NodeKind::Note,
        ["calculate"] => NodeKind::Calculate,
        ["text"] => NodeKind::Question(QuestionType::Text),
        ["integer"] => NodeKind::Question(QuestionType::Integer),
        ["decimal"] => NodeKind::Question(QuestionType::Decimal),
        ["date"] => NodeKind::Question(QuestionType::Date),
        ["geopoint"] => NodeKind::Question(QuestionType::Geopoint),
        ["select_one", list] => NodeKind::Question(QuestionType::SelectOne((*list).to_owned())),
        ["select_multiple", list] => {
            NodeKind::Question(QuestionType::SelectMultiple((*list).to_owned()))
        }
        ["scale", list] => NodeKind::Question(QuestionType::Scale((*list).to_owned())),
        ["consent", list] => NodeKind::Question(QuestionType::Consent((*list).to_owned())),
        _ => return None,
    };
    Some(RowType::Node(kind))
}

/// Collects problems while a definition is checked.
struct Checker<'d> {
    definition: &'d FormDefinition,
    errors: Vec<DefinitionError>,
    /// Names of rows already reported as unreadable (unknown type): references to them are
    /// not reported again.
    unreadable: BTreeSet<&'d str>,
}

impl Checker<'_> {
    fn report(&mut self, location: Location, kind: DefinitionErrorKind) {
        self.errors.push(DefinitionError { location, kind });
    }

    /// Reports every declared language `text` lacks.
    fn translations(&mut self, location: &Location, field: &'static str, text: &Text) {
        for &lang in &self.definition.languages {
            if !text.has(lang) {
                self.report(
                    location.clone(),
                    DefinitionErrorKind::MissingTranslation { field, lang },
                );
            }
        }
    }

    fn expression(
        &mut self,
        location: &Location,
        column: Column,
        text: Option<&String>,
    ) -> Option<Expr> {
        match expr::parse(text?) {
            Ok(parsed) => Some(parsed),
            Err(error) => {
                self.report(
                    location.clone(),
                    DefinitionErrorKind::Expression { column, error },
                );
                None
            }
        }
    }

    fn choice_lists(&mut self) {
        let definition = self.definition;
        for (list, choices) in &definition.choices {
            let at = |choice| Location::ChoiceList {
                list: list.clone(),
                choice,
            };
            if choices.is_empty() {
                self.report(at(None), DefinitionErrorKind::EmptyChoiceList);
            }
            let mut seen = BTreeSet::new();
            for (i, choice) in choices.iter().enumerate() {
                let code = &choice.name;
                if code.is_empty() || code.chars().any(char::is_whitespace) || !seen.insert(code) {
                    self.report(
                        at(Some(i + 1)),
                        DefinitionErrorKind::InvalidChoiceCode(code.clone()),
                    );
                }
                self.translations(&at(Some(i + 1)), "choice label", &choice.label);
            }
        }
    }
}

impl Form {
    /// Parses and loads a definition from its JSON text.
    pub fn from_json(json: &str) -> Result<Form, LoadError> {
        Form::from_definition(serde_json::from_str(json)?)
    }

    /// Checks a definition and compiles it. Every problem found is reported, not just the first.
    pub fn from_definition(definition: FormDefinition) -> Result<Form, LoadError> {
        let mut checker = Checker {
            definition: &definition,
            errors: Vec::new(),
            unreadable: BTreeSet::new(),
        };
        for (field, value) in [("id", &definition.id), ("version", &definition.version)] {
            if value.trim().is_empty() {
                checker.report(Location::Form, DefinitionErrorKind::MissingField(field));
            }
        }
        let languages: BTreeSet<Lang> = definition.languages.iter().copied().collect();
        let default_language = definition
            .default_language
            .or_else(|| definition.languages.first().copied())
            .unwrap_or_default();
        if languages.is_empty()
            || languages.len() != definition.languages.len()
            || !languages.contains(&default_language)
        {
            checker.report(Location::Form, DefinitionErrorKind::InvalidLanguages);
        }
        checker.translations(&Location::Form, "title", &definition.title);
        checker.choice_lists();

        let nodes = build_nodes(&mut checker);
        let by_name: HashMap<String, usize> = nodes
            .iter()
            .enumerate()
            .map(|(i, node)| (node.name.clone(), i))
            .collect();
        let mut regexes = RegexCache::default();
        for node in &nodes {
            check_references(&mut checker, &nodes, &by_name, node, &mut regexes);
        }
        let graph = if checker.errors.is_empty() {
            build_graph(&mut checker, &nodes, &by_name)
        } else {
            None
        };
        match graph {
            Some(graph) if checker.errors.is_empty() => {
                let screens = build_screens(&nodes);
                let mut screen_of = vec![None; nodes.len()];
                for (s, screen) in screens.iter().enumerate() {
                    for &node in &screen.nodes {
                        screen_of[node] = Some(s);
                    }
                }
                let endings = nodes
                    .iter()
                    .enumerate()
                    .filter(|(_, node)| {
                        node.eligibility.is_some()
                            || matches!(node.kind, NodeKind::Question(QuestionType::Consent(_)))
                    })
                    .map(|(i, _)| i)
                    .collect();
                Ok(Form {
                    definition,
                    default_language,
                    nodes,
                    by_name,
                    graph,
                    screens,
                    screen_of,
                    endings,
                    regexes,
                })
            }
            _ => Err(LoadError::Invalid(checker.errors)),
        }
    }

    /// The definition this form was loaded from, to store or send on.
    pub fn definition(&self) -> &FormDefinition {
        &self.definition
    }

    pub fn id(&self) -> &str {
        &self.definition.id
    }

    pub fn version(&self) -> &str {
        &self.definition.version
    }

    pub fn title(&self) -> &Text {
        &self.definition.title
    }

    pub fn languages(&self) -> &[Lang] {
        &self.definition.languages
    }

    /// The language a text falls back to when it is missing in the one asked for.
    pub fn default_language(&self) -> Lang {
        self.default_language
    }

    /// A text in `lang`, falling back to the form's default language.
    pub fn text<'a>(&self, text: &'a Text, lang: Lang) -> &'a str {
        text.show(lang, self.default_language)
    }

    /// Every group, question, note and calculation, in form order.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    pub fn node(&self, name: &str) -> Option<&Node> {
        self.index_of(name).map(|i| &self.nodes[i])
    }

    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).copied()
    }

    /// The questions (answerable nodes), in form order.
    pub fn questions(&self) -> impl Iterator<Item = (&Node, &QuestionType)> {
        self.nodes.iter().filter_map(|node| match &node.kind {
            NodeKind::Question(kind) => Some((node, kind)),
            _ => None,
        })
    }

    /// The whole choice list of a select question (before any `choice_filter`).
    pub fn choice_list(&self, node: &Node) -> &[Choice] {
        match &node.kind {
            NodeKind::Question(kind) => kind
                .list()
                .and_then(|list| self.definition.choices.get(list))
                .map_or(&[], Vec::as_slice),
            _ => &[],
        }
    }

    pub fn screens(&self) -> &[Screen] {
        &self.screens
    }

    /// The screen a question or note is shown on.
    pub fn screen_of(&self, node: usize) -> Option<usize> {
        self.screen_of.get(node).copied().flatten()
    }

    pub(crate) fn endings(&self) -> &[usize] {
        &self.endings
    }

    pub(crate) fn graph(&self) -> &Graph {
        &self.graph
    }

    pub(crate) fn regexes(&self) -> &RegexCache {
        &self.regexes
    }
}

/// Walks the survey rows into nodes, checking each row on its own.
fn build_nodes(checker: &mut Checker<'_>) -> Vec<Node> {
    let definition = checker.definition;
    let mut nodes: Vec<Node> = Vec::new();
    let mut names = BTreeSet::new();
    let mut open_groups: Vec<usize> = Vec::new();
    for (i, row) in definition.survey.iter().enumerate() {
        let location = Location::Row {
            row: i + 1,
            name: row.name.clone(),
        };
        let kind = match parse_type(&row.kind) {
            Some(RowType::EndGroup) => {
                if open_groups.pop().is_none() {
                    checker.report(location, DefinitionErrorKind::UnmatchedEndGroup);
                }
                continue;
            }
            Some(RowType::BeginGroup) => NodeKind::Group,
            Some(RowType::Node(kind)) => kind,
            None => {
                checker.report(location, DefinitionErrorKind::UnknownType(row.kind.clone()));
                checker.unreadable.insert(&row.name);
                continue;
            }
        };
        if !expr::is_valid_name(&row.name) {
            checker.report(
                location.clone(),
                DefinitionErrorKind::InvalidName(row.name.clone()),
            );
        } else if !names.insert(row.name.as_str()) {
            checker.report(
                location.clone(),
                DefinitionErrorKind::DuplicateName(row.name.clone()),
            );
        }
        check_row_columns(checker, &location, row, &kind);
        let required = match &row.required {
            None | Some(Required::Always(false)) => Condition::Never,
            Some(Required::Always(true)) => Condition::Always,
            Some(Required::When(text)) => checker
                .expression(&location, Column::Required, Some(text))
                .map_or(Condition::Never, Condition::When),
        };
        let node = Node {
            name: row.name.clone(),
            row: i + 1,
            parent: open_groups.last().copied(),
            label: row.label.clone(),
            hint: row.hint.clone(),
            appearance: row.appearance.clone(),
            required,
            relevant: checker.expression(&location, Column::Relevant, row.relevant.as_ref()),
            constraint: checker.expression(&location, Column::Constraint, row.constraint.as_ref()),
            constraint_message: row.constraint_message.clone(),
            calculation: checker.expression(
                &location,
                Column::Calculation,
                row.calculation.as_ref(),
            ),
            choice_filter: checker.expression(
                &location,
                Column::ChoiceFilter,
                row.choice_filter.as_ref(),
            ),
            range: row.range,
            default: row.default.clone(),
            eligibility: checker.expression(
                &location,
                Column::Eligibility,
                row.eligibility.as_ref(),
            ),
            kind,
        };
        if node.kind == NodeKind::Group {
            open_groups.push(nodes.len());
        }
        nodes.push(node);
    }
    for group in open_groups {
        let node = &nodes[group];
        checker.report(
            Location::Row {
                row: node.row,
                name: node.name.clone(),
            },
            DefinitionErrorKind::UnclosedGroup,
        );
    }
    nodes
}

/// Checks that a row has the columns its type needs and none that mean nothing for it.
fn check_row_columns(checker: &mut Checker<'_>, location: &Location, row: &Row, kind: &NodeKind) {
    let misplaced = |checker: &mut Checker<'_>, column| {
        checker.report(
            location.clone(),
            DefinitionErrorKind::MisplacedColumn(column),
        );
    };
    let question = match kind {
        NodeKind::Question(question) => Some(question),
        _ => None,
    };
    if *kind == NodeKind::Calculate {
        if row.calculation.is_none() {
            checker.report(location.clone(), DefinitionErrorKind::MissingCalculation);
        }
    } else if row.calculation.is_some() {
        misplaced(checker, "calculation");
    }
    if question.is_none() {
        for (present, column) in [
            (row.required.is_some(), "required"),
            (row.constraint.is_some(), "constraint"),
            (row.constraint_message.is_some(), "constraint_message"),
            (row.default.is_some(), "default"),
            (row.eligibility.is_some(), "eligibility"),
        ] {
            if present {
                misplaced(checker, column);
            }
        }
    }
    let list = question.and_then(|q| q.list());
    if list.is_none() && row.choice_filter.is_some() {
        misplaced(checker, "choice_filter");
    }
    let numeric = matches!(
        question,
        Some(QuestionType::Integer | QuestionType::Decimal)
    );
    if let Some(range) = row.range {
        let finite = range.min.is_none_or(f64::is_finite) && range.max.is_none_or(f64::is_finite);
        if !numeric {
            misplaced(checker, "range");
        } else if !finite || range.min.zip(range.max).is_some_and(|(lo, hi)| lo > hi) {
            checker.report(location.clone(), DefinitionErrorKind::InvalidRange);
        }
    }

    // Texts: questions and notes need a label; groups may go without one.
    match (&row.label, kind) {
        (Some(label), _) => checker.translations(location, "label", label),
        (None, NodeKind::Question(_) | NodeKind::Note) => {
            checker.report(location.clone(), DefinitionErrorKind::MissingLabel("label"));
        }
        (None, _) => {}
    }
    if let Some(hint) = &row.hint {
        checker.translations(location, "hint", hint);
    }
    if let Some(message) = &row.constraint_message {
        checker.translations(location, "constraint_message", message);
    }

    let definition = checker.definition;
    let choices = list.map(|list| definition.choices.get(list));
    if let (Some(list), Some(None)) = (list, choices) {
        checker.report(
            location.clone(),
            DefinitionErrorKind::MissingChoiceList(list.to_owned()),
        );
    }
    let choices = choices.flatten();
    if let (Some(QuestionType::Consent(_)), Some(choices)) = (question, choices) {
        let has = |code: &str| choices.iter().any(|c| c.name == code);
        if !has("yes") || !has("no") {
            checker.report(location.clone(), DefinitionErrorKind::InvalidConsentList);
        }
    }
    if let (Some(default), Some(question)) = (&row.default, question) {
        let fits = match (default, question) {
            (DefaultValue::UiLanguage, QuestionType::SelectOne(_)) => {
                // Every UI language must be a choice, or the default could not be given.
                choices.is_some_and(|choices| {
                    Lang::ALL
                        .iter()
                        .all(|lang| choices.iter().any(|c| c.name == lang.code()))
                })
            }
            (DefaultValue::UiLanguage, QuestionType::Text) => true,
            (DefaultValue::Value(value), QuestionType::Text) => !value.is_empty(),
            (
                DefaultValue::Value(value),
                QuestionType::SelectOne(_) | QuestionType::Scale(_) | QuestionType::Consent(_),
            ) => choices.is_some_and(|choices| choices.iter().any(|c| &c.name == value)),
            _ => false,
        };
        if !fits {
            checker.report(location.clone(), DefinitionErrorKind::InvalidDefault);
        }
    }
}

/// Checks what a node's expressions read: known fields, `.` and bare names only where they
/// mean something, regular expressions that compile.
fn check_references(
    checker: &mut Checker<'_>,
    nodes: &[Node],
    by_name: &HashMap<String, usize>,
    node: &Node,
    regexes: &mut RegexCache,
) {
    let location = Location::Row {
        row: node.row,
        name: node.name.clone(),
    };
    let required = match &node.required {
        Condition::When(expr) => Some(expr),
        _ => None,
    };
    let choices = match &node.kind {
        NodeKind::Question(kind) => kind
            .list()
            .and_then(|list| checker.definition.choices.get(list)),
        _ => None,
    };
    for (column, expr) in [
        (Column::Relevant, node.relevant.as_ref()),
        (Column::Constraint, node.constraint.as_ref()),
        (Column::Calculation, node.calculation.as_ref()),
        (Column::ChoiceFilter, node.choice_filter.as_ref()),
        (Column::Required, required),
        (Column::Eligibility, node.eligibility.as_ref()),
    ] {
        let Some(expr) = expr else { continue };
        for name in expr.fields() {
            let known = checker.unreadable.contains(name)
                || by_name
                    .get(name)
                    .is_some_and(|&i| nodes[i].kind != NodeKind::Group);
            if !known {
                checker.report(
                    location.clone(),
                    DefinitionErrorKind::UnknownReference {
                        column,
                        name: name.to_owned(),
                    },
                );
            }
        }
        if expr.uses_current() && !matches!(column, Column::Constraint | Column::Eligibility) {
            checker.report(
                location.clone(),
                DefinitionErrorKind::MisplacedCurrent { column },
            );
        }
        for name in expr.properties() {
            if column != Column::ChoiceFilter {
                checker.report(
                    location.clone(),
                    DefinitionErrorKind::MisplacedProperty {
                        column,
                        name: name.to_owned(),
                    },
                );
            } else if let Some(choices) = choices
                && !choices.iter().any(|c| c.properties.contains_key(name))
            {
                // Without a list there is nothing to check against, and the missing list or the
                // misplaced filter is already reported.
                checker.report(
                    location.clone(),
                    DefinitionErrorKind::UnknownChoiceProperty {
                        column,
                        name: name.to_owned(),
                    },
                );
            }
        }
        for pattern in expr.regex_patterns() {
            if let Err(error) = regexes.insert(pattern) {
                checker.report(
                    location.clone(),
                    DefinitionErrorKind::InvalidRegex {
                        column,
                        pattern: pattern.to_owned(),
                        message: error.to_string(),
                    },
                );
            }
        }
    }
}

/// A node's state reads the fields of its `relevant` and `calculation` and its group's state.
fn build_graph(
    checker: &mut Checker<'_>,
    nodes: &[Node],
    by_name: &HashMap<String, usize>,
) -> Option<Graph> {
    let inputs: Vec<Vec<usize>> = nodes
        .iter()
        .map(|node| {
            let mut inputs: Vec<usize> = node.parent.into_iter().collect();
            for expr in [&node.relevant, &node.calculation].into_iter().flatten() {
                inputs.extend(expr.fields().into_iter().filter_map(|n| by_name.get(n)));
            }
            inputs
        })
        .collect();
    match Graph::build(&inputs) {
        Ok(graph) => Some(graph),
        Err(cycle) => {
            let first = &nodes[cycle[0]];
            let mut names: Vec<String> = cycle.iter().map(|&i| nodes[i].name.clone()).collect();
            names.push(first.name.clone());
            checker.report(
                Location::Row {
                    row: first.row,
                    name: first.name.clone(),
                },
                DefinitionErrorKind::CalculationCycle(names),
            );
            None
        }
    }
}

/// One screen per top-level group; a top-level question or note outside any group is a
/// screen of its own.
fn build_screens(nodes: &[Node]) -> Vec<Screen> {
    let top = |mut i: usize| {
        while let Some(parent) = nodes[i].parent {
            i = parent;
        }
        i
    };
    let mut screens: Vec<Screen> = Vec::new();
    for (i, node) in nodes.iter().enumerate() {
        if matches!(node.kind, NodeKind::Group | NodeKind::Calculate) {
            if node.kind == NodeKind::Group && node.parent.is_none() {
                screens.push(Screen {
                    group: Some(i),
                    nodes: Vec::new(),
                });
            }
            continue;
        }
        let root = top(i);
        if root == i {
            screens.push(Screen {
                group: None,
                nodes: vec![i],
            });
        } else if let Some(screen) = screens.last_mut() {
            screen.nodes.push(i);
        }
    }
    screens.retain(|screen| !screen.nodes.is_empty());
    screens
}
