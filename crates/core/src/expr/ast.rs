//! The expression tree.

/// A parsed expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A number literal; never negative (`-1` is a negation of `1`).
    Number(f64),
    /// A string literal, `'yes'` or `"it's"`.
    String(String),
    /// `${name}`: another question's answer or a calculation's value.
    Field(String),
    /// `.`: the answer being checked, in a constraint.
    Current,
    /// A bare name: a property (extra column) of the choice being filtered, in a `choice_filter`.
    Property(String),
    /// `-x`.
    Negate(Box<Expr>),
    Binary {
        op: BinaryOp,
        left: Box<Expr>,
        right: Box<Expr>,
    },
    Call {
        function: Function,
        args: Vec<Expr>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
}

impl BinaryOp {
    /// Binding strength, as in XPath 1.0: `or` binds loosest, `* div mod` tightest.
    pub fn precedence(self) -> u8 {
        match self {
            BinaryOp::Or => 1,
            BinaryOp::And => 2,
            BinaryOp::Eq | BinaryOp::Ne => 3,
            BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => 4,
            BinaryOp::Add | BinaryOp::Sub => 5,
            BinaryOp::Mul | BinaryOp::Div | BinaryOp::Mod => 6,
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Or => "or",
            BinaryOp::And => "and",
            BinaryOp::Eq => "=",
            BinaryOp::Ne => "!=",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "div",
            BinaryOp::Mod => "mod",
        }
    }
}

/// The functions forms may call. Unknown names are rejected when the form loads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Function {
    Not,
    Selected,
    CountSelected,
    StringLength,
    If,
    Coalesce,
    Int,
    Round,
    Today,
    Regex,
}

impl Function {
    pub const ALL: [Function; 10] = [
        Function::Not,
        Function::Selected,
        Function::CountSelected,
        Function::StringLength,
        Function::If,
        Function::Coalesce,
        Function::Int,
        Function::Round,
        Function::Today,
        Function::Regex,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Function::Not => "not",
            Function::Selected => "selected",
            Function::CountSelected => "count-selected",
            Function::StringLength => "string-length",
            Function::If => "if",
            Function::Coalesce => "coalesce",
            Function::Int => "int",
            Function::Round => "round",
            Function::Today => "today",
            Function::Regex => "regex",
        }
    }

    pub fn from_name(name: &str) -> Option<Function> {
        Function::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The least and the most arguments the function takes.
    pub fn arity(self) -> (usize, usize) {
        match self {
            Function::Today => (0, 0),
            Function::Not | Function::CountSelected | Function::StringLength | Function::Int => {
                (1, 1)
            }
            Function::Round => (1, 2),
            Function::Selected | Function::Coalesce | Function::Regex => (2, 2),
            Function::If => (3, 3),
        }
    }
}

impl Expr {
    /// Calls `visit` on this node and every node below it, parents first.
    pub fn walk<'a>(&'a self, visit: &mut impl FnMut(&'a Expr)) {
        visit(self);
        match self {
            Expr::Negate(inner) => inner.walk(visit),
            Expr::Binary { left, right, .. } => {
                left.walk(visit);
                right.walk(visit);
            }
            Expr::Call { args, .. } => args.iter().for_each(|arg| arg.walk(visit)),
            Expr::Number(_)
            | Expr::String(_)
            | Expr::Field(_)
            | Expr::Current
            | Expr::Property(_) => {}
        }
    }

    /// The names of the fields this expression reads, each once, in order of appearance.
    pub fn fields(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        self.walk(&mut |node| {
            if let Expr::Field(name) = node
                && !names.contains(&name.as_str())
            {
                names.push(name);
            }
        });
        names
    }

    /// The choice properties this expression reads (bare names).
    pub fn properties(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        self.walk(&mut |node| {
            if let Expr::Property(name) = node
                && !names.contains(&name.as_str())
            {
                names.push(name);
            }
        });
        names
    }

    /// Whether the expression reads `.`.
    pub fn uses_current(&self) -> bool {
        let mut found = false;
        self.walk(&mut |node| found |= matches!(node, Expr::Current));
        found
    }

    /// String literals given as the pattern of a `regex()` call, to compile once at load.
    pub fn regex_patterns(&self) -> Vec<&str> {
        let mut patterns = Vec::new();
        self.walk(&mut |node| {
            if let Expr::Call {
                function: Function::Regex,
                args,
            } = node
                && let Some(Expr::String(pattern)) = args.get(1)
            {
                patterns.push(pattern.as_str());
            }
        });
        patterns
    }
}
